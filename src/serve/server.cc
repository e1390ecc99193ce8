#include "serve/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "serve/response_cache.h"
#include "serve/web_assets.h"

namespace hearsay::serve {
namespace {

// Read-only store connections shared by the server threads: a request takes
// one (opening a new one while fewer than `max_open` exist) and gives it
// back; when all are busy it queues for one. Requests are CPU-bound, so more
// connections than cores would only make them take turns mid-query (and map
// the file once more each); the other server threads hold their keep-alive
// connections meanwhile.
//
// The queue is first come, first served: a released connection is handed
// straight to the oldest waiter. With a plain condition variable (as before)
// the thread that had just released a connection and came back with its
// client's next request usually took it again before a woken waiter ran, so
// under 64 busy keep-alive clients a few requests waited for seconds (p99
// 5.6 s on the top speaker's page against a p50 of 122 ms).
class StorePool {
 public:
  StorePool(std::string path, int max_open) : path_(std::move(path)), max_open_(std::max(1, max_open)) {}

  Result<std::unique_ptr<store::Store>> Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    if (waiters_.empty() && !free_.empty()) {
      auto s = std::move(free_.back());
      free_.pop_back();
      return s;
    }
    if (waiters_.empty() && open_ < max_open_) {
      ++open_;
      lock.unlock();
      return OpenOne();
    }
    Waiter w;
    waiters_.push_back(&w);
    w.ready.wait(lock, [&w] { return w.handed != nullptr || w.may_open; });
    if (w.handed) return std::move(w.handed);
    lock.unlock();
    return OpenOne();  // a failed open gave its place to us
  }

  void Release(std::unique_ptr<store::Store> s) {
    std::lock_guard<std::mutex> lock(mu_);
    if (waiters_.empty()) {
      free_.push_back(std::move(s));
      return;
    }
    Waiter* w = waiters_.front();
    waiters_.pop_front();
    w->handed = std::move(s);
    w->ready.notify_one();
  }

 private:
  struct Waiter {
    std::condition_variable ready;
    std::unique_ptr<store::Store> handed;
    bool may_open = false;  // a place to open a connection of its own
  };

  // Opens a connection whose place (open_) is already counted; on failure
  // gives the place to the oldest waiter, if any.
  Result<std::unique_ptr<store::Store>> OpenOne() {
    auto s = store::Store::Open(path_, store::OpenMode::kReadOnly);
    if (!s.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (waiters_.empty()) {
        --open_;
      } else {
        Waiter* w = waiters_.front();
        waiters_.pop_front();
        w->may_open = true;
        w->ready.notify_one();
      }
    }
    return s;
  }

  std::string path_;
  const int max_open_;
  std::mutex mu_;
  int open_ = 0;  // connections made, free or in use (or being opened)
  std::vector<std::unique_ptr<store::Store>> free_;
  std::deque<Waiter*> waiters_;  // oldest first
};

constexpr const char* kJson = "application/json; charset=utf-8";

// The web interface's scripts and styles are all served from here: nothing
// inline, nothing from elsewhere, so that text which slipped through as HTML
// still could not run.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void SetJson(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJson);
}

void CommonHeaders(httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
}

}  // namespace

Status RunServer(const ServerOptions& options,
                 const std::function<void(const std::string& url)>& on_listening) {
  {
    auto probe = store::Store::Open(options.db, store::OpenMode::kReadOnly);
    if (!probe.ok()) return probe.status();
  }
  StorePool pool(options.db, options.store_connections);

  // SIGINT/SIGTERM are taken by a thread of our own (sigwait), which stops
  // the server: blocked here, before any server thread exists, so that every
  // thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client closing its socket early must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  const int threads = std::max(1, options.threads);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_payload_max_length(options.max_request_bytes);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(1000);
  // An answer goes out as headers, then body: without TCP_NODELAY, Nagle's
  // algorithm holds the body until the client's delayed ACK of the headers
  // (40 ms on Linux), which was the p50 of cached answers.
  server.set_tcp_nodelay(true);
  // cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed
  // when Debian built the library): when more clients connect at once (wrk's
  // 64, a browser's 6 while others reconnect), the kernel drops their SYNs
  // and they retry after 1 s, 3 s, 7 s, which were the multi-second p99s. So
  // the listening socket is kept here and listened on again with the
  // system's maximum once bound (Linux updates the backlog of a listening
  // socket).
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd = static_cast<int>(sock);  // the last socket tried is the one bound
  });

  // The response cache (serve/response_cache.h) and the connection that
  // watches the store for commits, checked at most every cache_check_ms.
  ResponseCache cache(static_cast<std::size_t>(std::max(0, options.cache_mb)) << 20);
  std::unique_ptr<store::Store> watched;
  if (cache.enabled()) {
    auto opened = store::Store::Open(options.db, store::OpenMode::kReadOnly);
    if (!opened.ok()) return opened.status();
    watched = std::move(opened).value();
  }
  StoreWatcher watcher(std::move(watched), options.cache_check_ms, &cache);
  watcher.MaybeCheck();  // the store's version as served from now on

  const ApiLimits limits = options.api;
  server.Get(R"(/api/.*)",
             [&pool, &cache, &watcher, limits](const httplib::Request& req, httplib::Response& res) {
               CommonHeaders(res);
               QueryParams params(req.params.begin(), req.params.end());
               std::string key;
               std::uint64_t generation = 0;
               if (cache.enabled()) {
                 watcher.MaybeCheck();
                 key = CanonicalRequestKey(req.path, params);
                 generation = cache.generation();  // before the store is read
                 if (auto hit = cache.Get(key)) {
                   res.set_header("X-Cache", "hit");
                   res.status = 200;
                   res.set_content(hit->data(), hit->size(), kJson);
                   return;
                 }
                 res.set_header("X-Cache", "miss");
               }
               auto s = pool.Acquire();
               if (!s.ok())
                 return SetJson(res, 503, ErrorBody("cannot open the store: " + s.status().message()));
               ApiResponse r;
               try {
                 r = HandleApiRequest(**s, req.path, params, limits);
               } catch (const std::exception& e) {
                 r = {500, ErrorBody(std::string("internal error: ") + e.what())};
               }
               pool.Release(std::move(*s));
               // Only answers: errors are cheap, and a 503 (time limit) says nothing
               // about the next try.
               if (cache.enabled() && r.status == 200) cache.Put(key, r.body, generation);
               SetJson(res, r.status, std::move(r.body));
             });
  server.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    CommonHeaders(res);
    const auto assets = WebAssets();
    const std::string_view path = req.path;
    auto it =
        std::find_if(assets.begin(), assets.end(), [path](const WebAsset& a) { return a.path == path; });
    if (it == assets.end() || it->path != path) return SetJson(res, 404, ErrorBody("no such page"));
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(it->body), std::string(it->content_type).c_str());
  });
  auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
    CommonHeaders(res);
    res.set_header("Allow", "GET, HEAD");
    SetJson(res, 405, ErrorBody("only GET and HEAD are served (the API is read-only)"));
  };
  server.Post(R"(.*)", not_allowed);
  server.Put(R"(.*)", not_allowed);
  server.Patch(R"(.*)", not_allowed);
  server.Delete(R"(.*)", not_allowed);
  server.Options(R"(.*)", not_allowed);
  // Errors cpp-httplib answers itself (bad request line, too large, ...)
  // get a JSON body too.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        res.set_content(ErrorBody("HTTP " + std::to_string(res.status)), kJson);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    SetJson(res, 500, ErrorBody("internal error"));
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) return Status(StatusCode::kIoError, "cannot bind " + options.host + " on any port");
  } else if (!server.bind_to_port(options.host, port)) {
    return Status(StatusCode::kIoError, "cannot bind " + options.host + ":" + std::to_string(port) +
                                            " (in use, or not an address here)");
  }
  if (listen_fd >= 0 && ::listen(listen_fd, SOMAXCONN) != 0)
    return Status(StatusCode::kIoError, "cannot listen on " + options.host + ":" + std::to_string(port));
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  on_listening("http://" + host + ":" + std::to_string(port) + "/");

  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  const bool listened = server.listen_after_bind();
  // Wakes the stopper when listening ended for another reason.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!listened) return Status(StatusCode::kIoError, "the server stopped with an error");
  return Status::Ok();
}

}  // namespace hearsay::serve
