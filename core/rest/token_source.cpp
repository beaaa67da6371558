#include "rest/token_source.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "base/log.h"

namespace ge::rest {
namespace {

std::string base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string strip_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

Error cancelled_error(int attempts) {
  Error e;
  e.kind = Error::Kind::kCancelled;
  e.message = "token request cancelled";
  e.attempts = attempts;
  return e;
}

}  // namespace

StaticTokenSource::StaticTokenSource(std::string token) : token_(std::move(token)) {
  base::log::register_secret(token_);
}

base::Result<std::string, Error> StaticTokenSource::token() { return token_; }

bool StaticTokenSource::invalidate(const std::string&) { return false; }

ClientCredentialsTokenSource::ClientCredentialsTokenSource(Transport& transport, std::string login_base,
                                                           std::string client_id, std::string client_secret,
                                                           RetryPolicy retry,
                                                           std::shared_ptr<base::Cancellation> cancel)
    : transport_(transport),
      url_(strip_trailing_slash(std::move(login_base)) + "/oauth/token"),
      retry_(retry),
      cancel_(std::move(cancel)) {
  base::log::register_secret(client_secret);
  std::string credential = base64(client_id + ":" + client_secret);
  base::log::register_secret(credential);
  basic_ = "Basic " + credential;
}

base::Result<std::string, Error> ClientCredentialsTokenSource::token() {
  auto fresh = [this]() -> std::optional<std::string> {
    std::lock_guard lock(state_mu_);
    if (!token_.empty() && Clock::now() < refresh_at_) return token_;
    return std::nullopt;
  };
  if (auto t = fresh()) return *t;
  std::lock_guard grant_lock(grant_mu_);
  if (auto t = fresh()) return *t;  // another thread minted it while we waited
  return grant();
}

bool ClientCredentialsTokenSource::invalidate(const std::string& rejected) {
  std::lock_guard lock(state_mu_);
  if (token_ == rejected) token_.clear();
  return true;
}

base::Result<std::string, Error> ClientCredentialsTokenSource::grant() {
  HttpRequest req;
  req.method = "POST";
  req.url = url_;
  req.headers = {"Authorization: " + basic_, "Content-Type: application/x-www-form-urlencoded",
                 "Accept: application/json"};
  req.body = "grant_type=client_credentials";

  int attempts = 0;
  for (int retries = 0;; ++retries) {
    ++attempts;
    auto r = transport_.perform(req);
    std::optional<std::chrono::milliseconds> retry_after;
    Error error;
    if (!r.ok()) {
      const auto& f = r.error();
      base::log::debug("HTTP request", {{"method", "POST"},
                                        {"path", "/oauth/token"},
                                        {"status", "0"},
                                        {"attempt", std::to_string(attempts)},
                                        {"error", f.error.message}});
      error = f.error;
      if (error.kind == Error::Kind::kCancelled || !f.transient) {
        error.attempts = attempts;
        return error;
      }
    } else {
      const HttpResponse& resp = r.value();
      auto corr = resp.headers.count("inin-correlation-id") ? resp.headers.at("inin-correlation-id") : "";
      base::log::debug("HTTP request", {{"method", "POST"},
                                        {"path", "/oauth/token"},
                                        {"status", std::to_string(resp.status)},
                                        {"latency_ms", std::to_string(resp.latency.count())},
                                        {"attempt", std::to_string(attempts)},
                                        {"correlation_id", corr}});
      if (resp.status == 200) {
        auto j = nlohmann::json::parse(resp.body, nullptr, false);
        if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string() ||
            j["access_token"].get<std::string>().empty()) {
          Error e;
          e.kind = Error::Kind::kAuth;
          e.http_status = 200;
          e.message = "token endpoint answered without an access_token";
          e.correlation_id = corr;
          e.attempts = attempts;
          return e;
        }
        std::string token = j["access_token"].get<std::string>();
        base::log::register_secret(token);
        auto now = Clock::now();
        auto refresh_at = Clock::time_point::max();
        if (auto e = j.find("expires_in"); e != j.end() && e->is_number() && e->get<double>() > 0) {
          // A day at most: a huge expires_in would overflow the clock and refresh on every call.
          std::chrono::duration<double> life(std::min(e->get<double>(), 86400.0));
          std::chrono::duration<double> margin = std::min<std::chrono::duration<double>>(std::chrono::seconds(60),
                                                                                         life * 0.1);
          refresh_at = now + std::chrono::duration_cast<Clock::duration>(life - margin);
          base::log::debug("OAuth token minted", {{"expires_in", std::to_string(e->get<double>())}});
        }
        std::lock_guard lock(state_mu_);
        token_ = token;
        refresh_at_ = refresh_at;
        return token;
      }
      error = error_from_oauth_response(resp.status, resp.body, corr);
      bool throttled = resp.status == 400 && error.message.find("rate limit") != std::string::npos;
      if (!throttled && !RetryPolicy::retriable_status(resp.status)) {
        error.attempts = attempts;
        return error;
      }
      if (auto it = resp.headers.find("retry-after"); it != resp.headers.end()) {
        retry_after = parse_retry_after(it->second);
      }
    }
    auto delay = retry_.delay(retries + 1, retry_after);
    if (retries >= retry_.max_retries || !delay) {
      error.attempts = attempts;
      return error;
    }
    if (cancel_->sleep_for(*delay)) return cancelled_error(attempts);
  }
}

}  // namespace ge::rest
