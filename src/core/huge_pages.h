// An allocator for the few large, read-mostly tables that hot loops probe at
// random (the perceptrons' weight tables): blocks of 2 MiB or more are mapped
// 2 MiB-aligned and marked MADV_HUGEPAGE, so that the kernel backs them with
// transparent huge pages where it allows them ("madvise" or "always" in
// /sys/kernel/mm/transparent_hugepage/enabled). A 32 MB table then takes 16
// TLB entries instead of 8,192, and a random probe no longer pays a page walk
// as well as its cache miss.
//
// Smaller blocks come from the ordinary allocator. Where huge pages are not
// available the hint is ignored and the memory is ordinary pages: the
// contents and results never depend on it. Allocation failure throws
// std::bad_alloc, as std::allocator does.
//
// Use: std::vector<T, HugePageAllocator<T>> (LargeVector<T>).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hearsay {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

namespace huge_pages_detail {

inline std::size_t RoundUp(std::size_t bytes) {
  return (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
}

#if defined(__linux__)
// Maps `bytes` rounded up to 2 MiB at a 2 MiB boundary: maps 2 MiB more
// than asked, then unmaps the unaligned head and the rest of the tail.
inline void* MapAligned(std::size_t bytes) {
  const std::size_t size = RoundUp(bytes);
  void* raw =
      mmap(nullptr, size + kHugePageBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) & ~std::uintptr_t{kHugePageBytes - 1};
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t tail = start + size + kHugePageBytes - (aligned + size);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  void* p = reinterpret_cast<void*>(aligned);
#if defined(MADV_HUGEPAGE)
  madvise(p, size, MADV_HUGEPAGE);  // a hint: refused, the pages stay small
#endif
  return p;
}
inline void Unmap(void* p, std::size_t bytes) {
  munmap(p, RoundUp(bytes));
}
#endif

}  // namespace huge_pages_detail

template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocators convert implicitly

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
#if defined(__linux__)
    if (n * sizeof(T) >= kHugePageBytes) return static_cast<T*>(huge_pages_detail::MapAligned(n * sizeof(T)));
#endif
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) {
#if defined(__linux__)
    if (n * sizeof(T) >= kHugePageBytes) {
      huge_pages_detail::Unmap(p, n * sizeof(T));
      return;
    }
#endif
    std::allocator<T>().deallocate(p, n);
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <typename T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace hearsay
