// OAuth clients and bearer tokens (docs/reference/api-contract.md "OAuth 2.0 client credentials").
// Clients and issued tokens are kept in memory under their own lock (token checks
// are on every request) and mirrored into the Store (kinds `oauth_clients`,
// `oauth_tokens`) so `--data` keeps them across restarts.
#pragma once

#include "api_error.h"
#include "clock.h"
#include "config.h"
#include "store.h"

#include <httplib.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace genesys_emulator {

// Every scope named by docs/reference/api-contract.md and docs/reference/platform-api.md;
// the default client holds all of them.
const std::vector<std::string>& all_scopes();

struct TokenIdentity {
  std::string client_id;
  std::set<std::string> scopes;
};

class OAuth {
 public:
  // Token expiry is judged by `clock` (POST /emulator/clock/advance moves it).
  OAuth(Store& store, const EmulatorClock& clock) : store_(store), clock_(clock) {}

  // Reads clients and tokens mirrored in the store (after Store::load_persisted).
  void load();
  // Adds or replaces a client; true when it is new.
  bool upsert_client(const std::string& id, const std::string& secret, std::set<std::string> scopes);
  // POST /oauth/token: parses Basic or form credentials, throttles grants per
  // client, and answers the OAuth JSON bodies of the contract.
  Reply token_endpoint(const httplib::Request& request, const ConfigValues& config);
  // The identity behind a live token; nullopt when unknown, revoked or expired.
  std::optional<TokenIdentity> validate(const std::string& token) const;
  // Invalidates the tokens of `client_id` (all clients when absent); returns how many.
  std::size_t revoke(const std::optional<std::string>& client_id);

 private:
  struct Client {
    std::string secret;
    std::set<std::string> scopes;
  };
  struct Token {
    std::string client_id;
    std::int64_t expires_at_ms;
  };

  Store& store_;
  const EmulatorClock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Client> clients_;
  std::unordered_map<std::string, Token> tokens_;
  std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> grants_;
};

}  // namespace genesys_emulator
