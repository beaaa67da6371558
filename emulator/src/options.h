// The emulator's command line (docs/reference/api-contract.md "The emulator: command line").
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace genesys_emulator {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8787;       // 0 picks a free port
  std::string tls_cert;  // both set: serve HTTPS
  std::string tls_key;
  std::string ca_file;    // trust store for outbound calls; empty = system default
  std::string data_file;  // SQLite file; empty = memory only
  std::string client_id = "demo-client";
  std::string client_secret = "demo-secret";

  bool tls() const { return !tls_cert.empty(); }
};

// Parses argv (without argv[0]). On error returns nullopt and sets `error`;
// `--help` sets `error` to the usage text and `help` to true.
std::optional<Options> parse_options(const std::vector<std::string>& args, std::string& error, bool& help);

std::string usage();

}  // namespace genesys_emulator
