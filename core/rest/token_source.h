// Where the bearer token for API calls comes from.
//
// docs/reference/api-contract.md "Hosts, auth and common behaviour": client-credentials grant at
// POST {login}/oauth/token; the token endpoint throttles itself (400 invalid_request "rate limit
// exceeded"), and the official provider's habit of minting a token per resource causes exactly
// that (docs/reference/api-contract.md "Token storms"). So a Client holds one TokenSource, shared by all its
// threads: the token is minted lazily on first use, at most one grant is in flight, and the
// token is reused until shortly before it expires.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "base/cancellation.h"
#include "base/status.h"
#include "rest/error.h"
#include "rest/retry_policy.h"
#include "rest/transport.h"

namespace ge::rest {

class TokenSource {
 public:
  virtual ~TokenSource() = default;

  // The token to send now. Thread-safe; blocks while another thread mints one.
  virtual base::Result<std::string, Error> token() = 0;

  // The API answered 401 to a call made with `rejected`. Returns true when a retry can use a
  // different token: the held token is dropped (unless another thread has already replaced it,
  // so N threads hitting the same 401 cause one grant, not N). False when the source cannot
  // produce another token.
  virtual bool invalidate(const std::string& rejected) = 0;
};

// A fixed access token given by the user (ClientConfig::access_token): never a grant.
class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token);
  base::Result<std::string, Error> token() override;
  bool invalidate(const std::string& rejected) override;

 private:
  const std::string token_;
};

// OAuth 2.0 client-credentials grant. The client id and secret go in an HTTP Basic header;
// the form body is grant_type=client_credentials.
//
// Refresh: a token is replaced when less than min(60 s, 10% of expires_in) of its life is left,
// so a call never starts with a token that may expire in flight. A token without expires_in
// is kept until the API rejects it.
// Failures: an OAuth error answer is Error kAuth carrying the body's description. 429, 5xx,
// the token endpoint's own throttle (400 with "rate limit" in its description) and transient
// transport failures are retried per RetryPolicy: a grant is safe to repeat.
// The client secret, the Basic credential and every minted token are registered with
// log::register_secret so no log line can show them.
class ClientCredentialsTokenSource final : public TokenSource {
 public:
  ClientCredentialsTokenSource(Transport& transport, std::string login_base, std::string client_id,
                               std::string client_secret, RetryPolicy retry,
                               std::shared_ptr<base::Cancellation> cancel);
  base::Result<std::string, Error> token() override;
  bool invalidate(const std::string& rejected) override;

 private:
  using Clock = std::chrono::steady_clock;
  base::Result<std::string, Error> grant();

  Transport& transport_;
  const std::string url_;
  std::string basic_;  // "Basic base64(id:secret)"
  const RetryPolicy retry_;
  std::shared_ptr<base::Cancellation> cancel_;

  std::mutex grant_mu_;  // held for the whole grant: one grant in flight at a time
  std::mutex state_mu_;  // guards token_ and refresh_at_; never held across I/O
  std::string token_;
  Clock::time_point refresh_at_{};
};

}  // namespace ge::rest
