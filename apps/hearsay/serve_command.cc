// `hearsay serve`: the HTTP API and web interface over a store
// (docs/api.md), registered through RegisterCommands (cli_common.h).
#include <iostream>

#include "cli_common.h"
#include "serve/server.h"

namespace hearsay::cli {
namespace {

void Install(Commands& c) {
  static serve::ServerOptions options;
  CLI::App* cmd = c.app->add_subcommand(
      "serve", "an HTTP JSON API and a web interface to explore a store (read-only; see docs/api.md)");
  cmd->add_option("--db", options.db, "the store file (made by hearsay ingest)")->required();
  cmd->add_option("--host", options.host, "address to bind; 0.0.0.0 exposes the store to the network")
      ->capture_default_str();
  cmd->add_option("--port", options.port, "TCP port; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", options.threads, "server threads (clients served at once)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--connections", options.store_connections,
                  "store connections: requests whose queries run at once (about the number of cores)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--query-ms", options.api.query_ms, "a request's SQL is stopped after this many ms (503)")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  cmd->add_option("--max-limit", options.api.max_limit, "rows per page at most")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--cache-mb", options.cache_mb,
                  "response cache size in MB (0 disables it); emptied when the store changes")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  cmd->add_option("--cache-check-ms", options.cache_check_ms,
                  "how often at most the store is checked for changes (for the cache)")
      ->capture_default_str()
      ->check(CLI::Range(1, 600000));
  cmd->footer(kExitCodesHelp);
  int* exit_code = c.exit_code;
  cmd->callback([exit_code] {
    Status s = serve::RunServer(options, [](const std::string& url) {
      std::cerr << "hearsay serve: " << options.db << " at " << url << " (Ctrl-C stops)" << std::endl;
    });
    if (!s.ok()) {
      PrintError(s);
      *exit_code = kExitFailure;
      return;
    }
    *exit_code = kExitOk;
  });
}

const bool kRegistered = RegisterCommands(&Install);

}  // namespace
}  // namespace hearsay::cli
