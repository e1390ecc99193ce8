#include "serve/response_cache.h"

#include <algorithm>
#include <chrono>

namespace hearsay::serve {
namespace {

void AppendSized(std::string* out, std::string_view s) {
  *out += std::to_string(s.size());
  *out += ':';
  *out += s;
}

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string CanonicalRequestKey(std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(params.size());
  for (const auto& p : params) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
  std::string key;
  AppendSized(&key, path);
  for (const auto* p : sorted) {
    AppendSized(&key, p->first);
    AppendSized(&key, p->second);
  }
  return key;
}

std::uint64_t ResponseCache::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

std::shared_ptr<const std::string> ResponseCache::Get(const std::string& key) {
  if (!enabled()) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

bool ResponseCache::Put(const std::string& key, std::string body, std::uint64_t generation) {
  if (!enabled()) return false;
  Entry entry{key, std::make_shared<const std::string>(std::move(body))};
  const std::size_t cost = Cost(entry);
  if (cost > max_bytes_ / 8) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (generation != generation_) return false;  // computed on a store that has changed since
  if (auto it = index_.find(key); it != index_.end()) {
    // Another thread answered the same request meanwhile: keep the first.
    return false;
  }
  while (bytes_ + cost > max_bytes_ && !lru_.empty()) {
    bytes_ -= Cost(lru_.back());
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
  lru_.push_front(std::move(entry));
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += cost;
  return true;
}

void ResponseCache::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  index_.clear();
  lru_.clear();
  bytes_ = 0;
}

std::size_t ResponseCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

std::size_t ResponseCache::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

StoreWatcher::StoreWatcher(std::unique_ptr<store::Store> store, int interval_ms, ResponseCache* cache)
    : store_(std::move(store)),
      interval_ns_(std::int64_t{std::max(0, interval_ms)} * 1000000),
      cache_(cache) {}

void StoreWatcher::MaybeCheck() {
  if (store_ == nullptr || !cache_->enabled()) return;
  const std::int64_t now = NowNs();
  if (now - last_check_ns_.load(std::memory_order_relaxed) < interval_ns_) return;
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is checking
  if (now - last_check_ns_.load(std::memory_order_relaxed) < interval_ns_) return;
  Result<std::int64_t> data_version = store_->DataVersion();
  const std::int64_t version = data_version.ok() ? *data_version : -1;
  // A failed check (version -1) also invalidates: better a miss than a stale answer.
  if (version != data_version_ || version < 0) {
    if (data_version_ != -1 || version < 0) cache_->Invalidate();
    data_version_ = version;
  }
  last_check_ns_.store(NowNs(), std::memory_order_relaxed);
}

}  // namespace hearsay::serve
