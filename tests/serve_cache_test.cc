// Tests of hearsay serve's response cache (src/serve/response_cache.h): the
// canonical key, the byte bound and LRU eviction, generations, and the
// watcher seeing a commit made by another connection.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "serve/response_cache.h"
#include "test_util.h"

namespace hearsay::serve {
namespace {

TEST(ServeCache, KeyIgnoresParameterOrderButNotContent) {
  const std::string a = CanonicalRequestKey("/api/statements", {{"q", "tax"}, {"limit", "20"}});
  EXPECT_EQ(a, CanonicalRequestKey("/api/statements", {{"limit", "20"}, {"q", "tax"}}));
  EXPECT_NE(a, CanonicalRequestKey("/api/statements", {{"q", "tax"}, {"limit", "21"}}));
  EXPECT_NE(a, CanonicalRequestKey("/api/speakers", {{"q", "tax"}, {"limit", "20"}}));
  // Length-prefixed: moving a byte between name and value changes the key.
  EXPECT_NE(CanonicalRequestKey("/p", {{"ab", "c"}}), CanonicalRequestKey("/p", {{"a", "bc"}}));
  EXPECT_NE(CanonicalRequestKey("/p", {{"a", "1"}}), CanonicalRequestKey("/p1:a", {}));
}

// Keys of one length, so that every entry costs the same.
std::string Key(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "k%03d", i);
  return buf;
}

TEST(ServeCache, NeverHoldsMoreThanItsBytesAndEvictsLeastRecentlyUsed) {
  const std::size_t max = 64 * 1024;
  ResponseCache cache(max);
  const std::string body(1000, 'x');
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(cache.Put(Key(i), body, cache.generation())) << i;
    ASSERT_LE(cache.bytes(), max) << "after entry " << i;
    // k000 is read after every insertion: it stays the most recently used.
    ASSERT_NE(cache.Get(Key(0)), nullptr) << "after entry " << i;
  }
  const std::size_t per_entry = 4 + body.size() + ResponseCache::kEntryOverhead;
  EXPECT_EQ(cache.entries(), max / per_entry);
  EXPECT_EQ(cache.bytes(), cache.entries() * per_entry);
  EXPECT_EQ(cache.Get(Key(1)), nullptr);                                            // evicted long ago
  EXPECT_EQ(cache.Get(Key(499 - static_cast<int>(max / per_entry) + 1)), nullptr);  // the oldest but k000
  EXPECT_NE(cache.Get(Key(499 - static_cast<int>(max / per_entry) + 2)), nullptr);
  EXPECT_NE(cache.Get(Key(499)), nullptr);  // the newest
  EXPECT_EQ(*cache.Get(Key(0)), body);
  // An answer over an eighth of the cache is not kept, and evicts nothing.
  const std::size_t before = cache.entries();
  EXPECT_FALSE(cache.Put("big", std::string(max / 8, 'y'), cache.generation()));
  EXPECT_EQ(cache.entries(), before);
  EXPECT_EQ(cache.Get("big"), nullptr);
}

TEST(ServeCache, DisabledAtZeroBytes) {
  ResponseCache cache(0);
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.Put("k", "v", cache.generation()));
  EXPECT_EQ(cache.Get("k"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(ServeCache, AnswerComputedBeforeAnInvalidationIsRefused) {
  ResponseCache cache(1 << 20);
  const auto old_generation = cache.generation();
  ASSERT_TRUE(cache.Put("a", "old", old_generation));
  cache.Invalidate();
  EXPECT_EQ(cache.Get("a"), nullptr);
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_FALSE(cache.Put("b", "computed on the old store", old_generation));
  EXPECT_EQ(cache.Get("b"), nullptr);
  EXPECT_TRUE(cache.Put("b", "new", cache.generation()));
  EXPECT_EQ(*cache.Get("b"), "new");
}

TEST(ServeCache, WatcherInvalidatesWhenAnotherConnectionCommits) {
  hearsay::testing::TempDir dir;
  const std::string path = (dir.path() / "watched.db").string();
  auto writer = store::Store::Open(path, store::OpenMode::kReadWrite);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  auto watched = store::Store::Open(path, store::OpenMode::kReadOnly);
  ASSERT_TRUE(watched.ok()) << watched.status().ToString();
  ResponseCache cache(1 << 20);
  StoreWatcher watcher(std::move(watched).value(), /*interval_ms=*/20, &cache);
  watcher.MaybeCheck();  // the version served
  ASSERT_TRUE(cache.Put("k", "v", cache.generation()));
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  watcher.MaybeCheck();  // nothing committed: the entry stays
  EXPECT_NE(cache.Get("k"), nullptr);
  // Any commit by another connection counts, as an ingest's would.
  ASSERT_EQ(sqlite3_exec((*writer)->db(), "CREATE TABLE scratch(x); INSERT INTO scratch VALUES (1)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  watcher.MaybeCheck();
  EXPECT_EQ(cache.Get("k"), nullptr);
}

}  // namespace
}  // namespace hearsay::serve
