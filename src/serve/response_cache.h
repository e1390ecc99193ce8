// The response cache of `hearsay serve`: API answers kept by their canonical
// request, bounded by bytes, and dropped whole when the store changes.
//
//   ResponseCache cache(64 << 20);  // 64 MB; 0 disables it
//   const std::string key = CanonicalRequestKey("/api/speakers/8", params);
//   const auto generation = cache.generation();
//   if (auto hit = cache.Get(key)) return *hit;
//   std::string body = ...;                 // computed on a store connection
//   cache.Put(key, body, generation);       // refused if the store changed meanwhile
//
// Why it is correct for a read-only server: an answer is a function of the
// request and of the store's committed content. The request is the key
// (path and the parameters sorted by name, so `?a=1&b=2` and `?b=2&a=1` share
// an entry); the store's content is the generation, which Invalidate() bumps
// when StoreWatcher sees a commit (PRAGMA data_version). An answer computed
// while the store changed is refused by Put, so a stale answer is never kept
// after the invalidation that follows the change.
//
// Bound: the bytes of the keys and bodies held (plus a fixed overhead per
// entry) never exceed max_bytes; least recently used entries are evicted
// first, and an answer larger than max_bytes / 8 is not kept at all (one huge
// answer must not flush the cache).
//
// Thread safety: every member is safe to call from many threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/store.h"

namespace hearsay::serve {

// path, then each parameter (sorted by name, then value) as length-prefixed
// name and value: no two different requests share a key.
std::string CanonicalRequestKey(std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& params);

class ResponseCache {
 public:
  // Bytes charged per entry beyond its key and body (list and map nodes).
  static constexpr std::size_t kEntryOverhead = 128;

  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }
  std::size_t max_bytes() const { return max_bytes_; }

  // The current generation, to be read before computing an answer.
  std::uint64_t generation() const;
  // The answer kept for `key`, or null; a hit becomes the most recently used.
  std::shared_ptr<const std::string> Get(const std::string& key);
  // Keeps `body` for `key` if the cache is enabled, the body small enough and
  // `generation` still current. Returns whether it was kept.
  bool Put(const std::string& key, std::string body, std::uint64_t generation);
  // Drops every entry and starts a new generation.
  void Invalidate();

  // For tests and logs.
  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const std::string> body;
  };
  static std::size_t Cost(const Entry& e) { return e.key.size() + e.body->size() + kEntryOverhead; }

  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::size_t bytes_ = 0;
  std::list<Entry> lru_;                                                    // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views of lru_'s keys
};

// Tells when another connection (an ingest) committed to the store: reads
// Store::DataVersion on its own read-only connection, at most once every
// `interval_ms` (the caller's threads call MaybeCheck on each request; one
// of them checks, the others return at once), and calls cache->Invalidate()
// when the value moved. So an ingest into the served store is seen within
// about interval_ms. Thread-safe.
class StoreWatcher {
 public:
  // `store`: the served store opened kReadOnly, for the watcher alone (null:
  // never checks).
  StoreWatcher(std::unique_ptr<store::Store> store, int interval_ms, ResponseCache* cache);
  StoreWatcher(const StoreWatcher&) = delete;
  StoreWatcher& operator=(const StoreWatcher&) = delete;

  void MaybeCheck();

 private:
  std::unique_ptr<store::Store> store_;
  const std::int64_t interval_ns_;
  ResponseCache* cache_;
  std::mutex mu_;  // held by the one thread checking
  std::atomic<std::int64_t> last_check_ns_{0};
  std::int64_t data_version_ = -1;
};

}  // namespace hearsay::serve
