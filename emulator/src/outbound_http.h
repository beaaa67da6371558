// The emulator's own outbound HTTP(S) calls (target verification, OAuth token
// fetches for OAUTH2 targets, webhook deliveries, source callbacks), over libcurl.
// Only the URL an object names is ever called; `--ca-file` is the trust store.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace genesys_emulator {

struct OutboundResult {
  bool answered = false;  // an HTTP status came back
  bool timed_out = false;
  long status = 0;
  std::string body;
  std::string error;  // transport error text when !answered
  double duration_ms = 0;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Sets `name` in `headers`, replacing any header of that name (case-insensitive),
// so a later source (auth over custom headers, overrides over defaults) wins.
void set_header(HeaderList& headers, const std::string& name, const std::string& value);

class OutboundHttp {
 public:
  explicit OutboundHttp(std::string ca_file) : ca_file_(std::move(ca_file)) {}

  OutboundResult send(const std::string& method, const std::string& url,
                      const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                      std::int64_t timeout_ms) const;

 private:
  std::string ca_file_;
};

}  // namespace genesys_emulator
