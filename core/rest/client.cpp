#include "rest/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "base/log.h"
#include "base/text.h"
#include "rest/secret_fields.h"

namespace ge::rest {
namespace {

using Clock = std::chrono::steady_clock;

// Trace lines carry bodies; a whole page of 100 objects is plenty for debugging.
constexpr size_t kMaxLoggedBody = 16 * 1024;
// Paging guard: a server that keeps answering pageCount beyond this is broken.
constexpr int kMaxPages = 10000;
constexpr int kPageSize = 100;

std::string strip_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string build_url(const std::string& base, const Request& r) {
  std::string url = base;
  if (r.path.empty() || r.path.front() != '/') url += '/';
  url += r.path;
  char sep = r.path.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : r.query) {
    url += sep;
    url += base::percent_encode(k) + "=" + base::percent_encode(v);
    sep = '&';
  }
  return url;
}

std::string header(const std::map<std::string, std::string>& h, const char* name) {
  auto it = h.find(name);
  return it == h.end() ? std::string() : it->second;
}

// An HTTP Date header's time; nullopt when absent or unreadable.
std::optional<std::chrono::system_clock::time_point> http_date(const std::string& value) {
  if (value.empty()) return std::nullopt;
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::system_clock::from_time_t(when);
}

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }

// A body for a trace line: JSON with secret fields masked; anything else cut short. The log
// layer then redacts registered secrets (tokens, the client secret) on top.
std::string loggable_body(std::string_view raw) {
  auto j = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
  std::string text = j.is_discarded() ? std::string(raw) : mask_secret_fields(std::move(j)).dump();
  if (text.size() > kMaxLoggedBody) text = text.substr(0, kMaxLoggedBody) + "...";
  return text;
}

Error simple_error(Error::Kind kind, std::string message, int attempts = 1) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  e.attempts = attempts;
  return e;
}

std::optional<Error> validate(const ClientConfig& c) {
  auto bad = [](std::string m) { return simple_error(Error::Kind::kConfig, std::move(m)); };
  for (const auto& [name, url] : {std::pair{"API base URL", c.api_base}, std::pair{"login base URL", c.login_base}}) {
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
      return bad(std::string(name) + " must start with https:// or http://, got \"" + url + "\"");
    }
  }
  if (c.access_token.empty() && (c.client_id.empty() || c.client_secret.empty())) {
    return bad("no credentials: set an OAuth client id and secret, or an access token");
  }
  return std::nullopt;
}

}  // namespace

Client::Client(ClientConfig config, std::shared_ptr<base::Cancellation> cancel)
    : config_(std::move(config)),
      cancel_(cancel ? std::move(cancel) : std::make_shared<base::Cancellation>()),
      retry_{std::max(0, config_.max_retries), config_.retry_base_delay, config_.retry_max_delay},
      limiter_(config_.requests_per_minute, cancel_) {
  config_.api_base = strip_trailing_slash(config_.api_base);
  config_.login_base = config_.login_base.empty() ? config_.api_base : strip_trailing_slash(config_.login_base);
  if (config_.user_agent.empty()) config_.user_agent = "terraform-provider-genesysevents";
  base::log::register_secret(config_.client_secret);
  base::log::register_secret(config_.access_token);
  config_error_ = validate(config_);
  transport_ = std::make_unique<Transport>(
      TransportConfig{config_.ca_cert_file, config_.connect_timeout, config_.request_timeout, config_.user_agent},
      cancel_);
  if (!config_.access_token.empty()) {
    tokens_ = std::make_unique<StaticTokenSource>(config_.access_token);
  } else {
    tokens_ = std::make_unique<ClientCredentialsTokenSource>(*transport_, config_.login_base, config_.client_id,
                                                             config_.client_secret, retry_, cancel_);
  }
}

Client::~Client() = default;

base::Result<Response, Error> Client::send(const Request& request, RequestOutcome* observed) {
  if (config_error_) return *config_error_;
  const auto started = Clock::now();
  RequestOutcome outcome;
  auto result = attempt(request, outcome);
  outcome.method = request.method;
  std::transform(outcome.method.begin(), outcome.method.end(), outcome.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  outcome.path = request.path.substr(0, request.path.find('?'));
  outcome.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  outcome.ok = result.ok();
  if (config_.observer && !outcome.attempt_statuses.empty()) config_.observer(outcome);
  if (observed) *observed = std::move(outcome);
  return result;
}

base::Result<Response, Error> Client::attempt(const Request& request, RequestOutcome& outcome) {
  const auto started = Clock::now();

  HttpRequest http;
  http.method = request.method;
  std::transform(http.method.begin(), http.method.end(), http.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  http.url = build_url(config_.api_base, request);
  if (request.body) http.body = request.body->dump();
  if (base::log::enabled(base::log::Level::kTrace) && http.body) {
    base::log::trace("HTTP request body",
                     {{"method", http.method}, {"path", request.path}, {"body", loggable_body(*http.body)}});
  }

  int attempts = 0;
  int retries = 0;
  bool refreshed = false;
  for (;;) {
    if (!limiter_.acquire()) return simple_error(Error::Kind::kCancelled, "request cancelled", std::max(1, attempts));
    auto token = tokens_->token();
    if (!token.ok()) return token.error();

    http.headers = {"Authorization: Bearer " + token.value(), "Accept: application/json"};
    if (http.body) http.headers.push_back("Content-Type: application/json");
    ++attempts;
    auto result = transport_->perform(http);
    outcome.attempt_statuses.push_back(result.ok() ? result.value().status : 0);
    outcome.correlation_id = result.ok() ? header(result.value().headers, "inin-correlation-id") : std::string();

    Error error;
    std::optional<std::chrono::milliseconds> retry_after;
    if (!result.ok()) {
      const TransportFailure& f = result.error();
      base::log::debug("HTTP request", {{"method", http.method},
                                        {"path", request.path},
                                        {"status", "0"},
                                        {"attempt", std::to_string(attempts)},
                                        {"error", f.error.message}});
      error = f.error;
      if (f.request_sent) outcome.in_doubt = true;
      if (error.kind == Error::Kind::kCancelled ||
          !RetryPolicy::retriable_failure(http.method, f.transient, f.request_sent)) {
        error.attempts = attempts;
        return error;
      }
    } else {
      HttpResponse& resp = result.value();
      if (resp.status >= 500) outcome.in_doubt = true;
      limiter_.observe(resp.headers, Clock::now());
      std::string correlation_id = header(resp.headers, "inin-correlation-id");
      base::log::debug("HTTP request", {{"method", http.method},
                                        {"path", request.path},
                                        {"status", std::to_string(resp.status)},
                                        {"latency_ms", ms(resp.latency)},
                                        {"attempt", std::to_string(attempts)},
                                        {"correlation_id", correlation_id}});
      if (base::log::enabled(base::log::Level::kTrace) && !resp.body.empty()) {
        base::log::trace("HTTP response body", {{"method", http.method},
                                                {"path", request.path},
                                                {"status", std::to_string(resp.status)},
                                                {"body", loggable_body(resp.body)}});
      }

      if (resp.status >= 200 && resp.status < 300) {
        Response out;
        out.status = resp.status;
        if (!resp.body.empty()) {
          out.body = nlohmann::json::parse(resp.body, nullptr, false);
          if (out.body.is_discarded()) {
            Error e = error_from_api_response(resp.status, resp.body, correlation_id);
            e.kind = Error::Kind::kTransport;
            e.message = "the answer to " + http.method + " " + request.path + " is not JSON: " + e.message;
            e.attempts = attempts;
            return e;
          }
        }
        out.correlation_id = std::move(correlation_id);
        out.server_time = http_date(header(resp.headers, "date"));
        out.headers = std::move(resp.headers);
        out.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        out.attempts = attempts;
        return out;
      }
      // 401: the token expired or was revoked server-side; one fresh token, one more try
      // (docs/reference/api-contract.md "Bearer tokens and scopes").
      if (resp.status == 401 && !refreshed && tokens_->invalidate(token.value())) {
        refreshed = true;
        continue;
      }
      error = error_from_api_response(resp.status, resp.body, std::move(correlation_id));
      if (!RetryPolicy::retriable_status(resp.status)) {
        error.attempts = attempts;
        return error;
      }
      if (auto ra = resp.headers.find("retry-after"); ra != resp.headers.end()) {
        retry_after = parse_retry_after(ra->second);
      }
    }

    if (!request.resend_in_doubt && outcome.in_doubt) {
      error.attempts = attempts;
      return error;
    }
    auto delay = retry_.delay(retries + 1, retry_after);
    if (retries >= retry_.max_retries || !delay) {
      error.attempts = attempts;
      return error;
    }
    ++retries;
    outcome.retries = retries;
    if (error.http_status == 429) {
      // The budget is per token, so every thread of this client is over it: hold them all
      // (acquire() at the top of the loop does the waiting for this one too).
      limiter_.pause_until(Clock::now() + *delay);
    } else if (cancel_->sleep_for(*delay)) {
      return simple_error(Error::Kind::kCancelled, "request cancelled", attempts);
    }
  }
}

base::Result<std::vector<nlohmann::json>, Error> Client::list_all(
    const std::string& path, std::vector<std::pair<std::string, std::string>> query) {
  std::vector<nlohmann::json> all;
  Request req{"GET", path, std::move(query), std::nullopt};
  req.query.emplace_back("pageSize", std::to_string(kPageSize));
  req.query.emplace_back("pageNumber", "");
  for (int page = 1; page <= kMaxPages; ++page) {
    req.query.back().second = std::to_string(page);
    auto r = send(req);
    if (!r.ok()) return r.error();
    const auto& body = r->body;
    if (!body.is_object() || !body.contains("entities") || !body["entities"].is_array()) {
      Error e;
      e.kind = Error::Kind::kHttp;
      e.http_status = r->status;
      e.correlation_id = r->correlation_id;
      e.message = "page " + std::to_string(page) + " of " + path + " has no entities array";
      return e;
    }
    const auto& entities = body["entities"];
    all.insert(all.end(), entities.begin(), entities.end());
    // pageCount is authoritative; without it, a short page or no nextUri means the end.
    if (auto pc = body.find("pageCount"); pc != body.end() && pc->is_number_integer()) {
      if (page >= pc->get<int64_t>()) break;
    } else if (entities.size() < static_cast<size_t>(kPageSize) || !body.contains("nextUri")) {
      break;
    }
  }
  return all;
}

}  // namespace ge::rest
