// Client against an in-process server: OAuth, retries, errors, cancellation, paging, pacing,
// TLS, proxies and log hygiene. Back-off delays are shortened so the suite stays fast.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "base/log.h"
#include "rest/client.h"
#include "support/dropping_servers.h"
#include "support/http_server.h"
#include "support/stderr_capture.h"
#include "support/tls_files.h"
#include "support/wait.h"

using namespace ge::rest;
using namespace ge::test_support;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

constexpr const char* kClientId = "test-client";
constexpr const char* kSecret = "s3cret-VALUE-never-logged";

// The token endpoint and bearer check of docs/reference/api-contract.md, counting grants.
struct FakeAuth {
  std::atomic<int> grants{0};
  std::atomic<int> expires_in{3600};
  std::mutex mu;
  std::set<std::string> valid;
  std::atomic<int> grant_delay_ms{0};

  void install(httplib::Server& s) {
    s.Post("/oauth/token", [this](const httplib::Request& req, httplib::Response& res) {
      auto expected = httplib::make_basic_authentication_header(kClientId, kSecret).second;
      if (req.get_header_value("Authorization") != expected || req.body != "grant_type=client_credentials" ||
          req.get_header_value("Content-Type") != "application/x-www-form-urlencoded") {
        res.status = 401;
        res.set_content(
            R"({"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"})",
            "application/json");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(grant_delay_ms.load()));
      int n = ++grants;
      std::string token = "token-number-" + std::to_string(n) + "-abcdef";
      {
        std::lock_guard lock(mu);
        valid.insert(token);
      }
      res.set_content(json{{"access_token", token}, {"token_type", "bearer"}, {"expires_in", expires_in.load()}}.dump(),
                      "application/json");
    });
  }
  bool check(const httplib::Request& req, httplib::Response& res) {
    auto h = req.get_header_value("Authorization");
    std::lock_guard lock(mu);
    if (h.rfind("Bearer ", 0) == 0 && valid.count(h.substr(7))) return true;
    res.status = 401;
    res.set_header("ININ-Correlation-Id", "corr-401");
    res.set_content(R"({"message":"Invalid login credentials.","code":"bad.credentials","status":401})",
                    "application/json");
    return false;
  }
  void revoke_all() {
    std::lock_guard lock(mu);
    valid.clear();
  }
};

ClientConfig config_for(const std::string& url) {
  ClientConfig c;
  c.api_base = url;
  c.client_id = kClientId;
  c.client_secret = kSecret;
  c.requests_per_minute = 0;  // pacing has its own test
  c.retry_base_delay = 10ms;
  c.retry_max_delay = 50ms;
  return c;
}

// config_for() with a static token: no OAuth round trip.
ClientConfig token_config_for(const std::string& url) {
  ClientConfig c = config_for(url);
  c.access_token = "abcdefgh-token";
  return c;
}

// Starts a server that checks no token, for a client configuration with a static one.
ClientConfig start_with(TestServer& server) {
  server.start();
  return token_config_for(server.url());
}

// The server every authenticated case starts from: the fake token endpoint installed, handlers
// added by the case on server.http(), then start() for a client configuration pointing at it.
struct AuthedServer {
  TestServer server;
  FakeAuth auth;
  AuthedServer() { auth.install(server.http()); }
  ClientConfig start() {
    server.start();
    return config_for(server.url());
  }
};

Request get(std::string path) { return Request{"GET", std::move(path), {}, std::nullopt}; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

TEST_CASE_METHOD(AuthedServer, "one token is minted for many concurrent calls and reused") {
  auth.grant_delay_ms = 100;  // keep the grant in flight while every thread asks for a token
  std::atomic<int> calls{0};
  server.http().Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    ++calls;
    res.set_content(R"({"ok":true})", "application/json");
  });
  Client client(start(), nullptr);

  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto r = client.send(get("/api/v2/ping"));
        if (r.ok() && r->body["ok"] == true) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 50);
  CHECK(calls == 50);
  CHECK(auth.grants == 1);
}

TEST_CASE_METHOD(AuthedServer, "the token is refreshed shortly before it expires") {
  auth.expires_in = 1;  // refreshed after 0.9 s
  server.http().Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
    if (auth.check(req, res)) res.set_content("{}", "application/json");
  });
  Client client(start(), nullptr);

  REQUIRE(client.send(get("/api/v2/ping")).ok());
  REQUIRE(client.send(get("/api/v2/ping")).ok());
  CHECK(auth.grants == 1);
  // Kept on purpose: the refresh point is a time on the client's own clock, which has no
  // control; 950 ms lies between it (0.9 s) and the expiry (1 s). A late wake-up can only let a
  // client that refreshes too late pass, never fail one that refreshes in time.
  std::this_thread::sleep_for(950ms);
  auto r = client.send(get("/api/v2/ping"));
  REQUIRE(r.ok());
  CHECK(r->attempts == 1);  // refreshed proactively, not after a 401
  CHECK(auth.grants == 2);
}

TEST_CASE_METHOD(AuthedServer, "a 401 refreshes the token once and the call is retried") {
  std::atomic<bool> always_401{false};
  server.http().Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
    if (always_401) {
      auth.revoke_all();
    }
    if (auth.check(req, res)) res.set_content("{}", "application/json");
  });
  Client client(start(), nullptr);

  REQUIRE(client.send(get("/api/v2/ping")).ok());
  auth.revoke_all();
  auto r = client.send(get("/api/v2/ping"));
  REQUIRE(r.ok());
  CHECK(r->attempts == 2);
  CHECK(auth.grants == 2);

  SECTION("a second 401 is an auth error, not a loop") {
    always_401 = true;
    auto bad = client.send(get("/api/v2/ping"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == Error::Kind::kAuth);
    CHECK(bad.error().http_status == 401);
    CHECK(bad.error().code == "bad.credentials");
    CHECK(bad.error().correlation_id == "corr-401");
    CHECK(bad.error().attempts == 2);
    CHECK(auth.grants == 3);
  }
}

TEST_CASE_METHOD(AuthedServer, "bad credentials are an auth error carrying the OAuth description") {
  std::atomic<int> calls{0};
  server.http().Get("/api/v2/ping", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content("{}", "application/json");
  });
  auto cfg = start();
  cfg.client_secret = "wrong-secret";
  Client client(cfg, nullptr);

  auto r = client.send(get("/api/v2/ping"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == Error::Kind::kAuth);
  CHECK(r.error().http_status == 401);
  CHECK(r.error().code == "invalid_client");
  CHECK(r.error().message == "authentication failed");
  CHECK(r.error().attempts == 1);  // a 401 from the token endpoint is not retried
  CHECK(calls == 0);
}

TEST_CASE_METHOD(AuthedServer, "a given access token is used as is with no grant") {
  std::string seen, agent;
  server.http().Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
    seen = req.get_header_value("Authorization");
    agent = req.get_header_value("User-Agent");
    if (seen == "Bearer user-supplied-token") {
      res.set_content("{}", "application/json");
    } else {
      auth.check(req, res);
    }
  });
  auto cfg = start();
  cfg.client_id.clear();
  cfg.client_secret.clear();
  cfg.access_token = "user-supplied-token";
  {
    Client client(cfg, nullptr);
    REQUIRE(client.send(get("/api/v2/ping")).ok());
    CHECK(seen == "Bearer user-supplied-token");
    CHECK(agent == "terraform-provider-genesysevents");
  }
  cfg.access_token = "expired-user-token";
  Client client(cfg, nullptr);
  auto r = client.send(get("/api/v2/ping"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == Error::Kind::kAuth);
  CHECK(r.error().attempts == 1);  // nothing to refresh
  CHECK(auth.grants == 0);
}

TEST_CASE("missing configuration is a config error") {
  ClientConfig cfg;
  cfg.api_base = "http://127.0.0.1:1";
  Client no_creds(cfg, nullptr);
  auto r = no_creds.send(get("/x"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == Error::Kind::kConfig);
  cfg.access_token = "abcdefgh";
  cfg.api_base = "api.mypurecloud.com";
  Client no_scheme(cfg, nullptr);
  CHECK(no_scheme.send(get("/x")).error().kind == Error::Kind::kConfig);
}

TEST_CASE_METHOD(AuthedServer, "an API error body is parsed with the correlation id") {
  server.http().Post("/api/v2/events/webhooks", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    CHECK(req.get_header_value("Content-Type") == "application/json");
    CHECK(json::parse(req.body)["name"] == "w");
    res.status = 400;
    res.set_header("ININ-Correlation-Id", "corr-abc");
    res.set_content(R"({"message":"retryPolicy.retryCount must be 0..10","code":"invalid.value","status":400,
      "contextId":"corr-abc","details":[{"errorCode":"out.of.range","fieldName":"retryPolicy.retryCount"}],"errors":[]})",
                    "application/json");
  });
  Client client(start(), nullptr);
  auto r = client.send(Request{"POST", "/api/v2/events/webhooks", {}, json{{"name", "w"}}});
  REQUIRE_FALSE(r.ok());
  const Error& e = r.error();
  CHECK(e.kind == Error::Kind::kHttp);
  CHECK(e.http_status == 400);
  CHECK(e.message == "retryPolicy.retryCount must be 0..10");
  CHECK(e.code == "invalid.value");
  CHECK(e.correlation_id == "corr-abc");
  REQUIRE(e.details.size() == 1);
  CHECK(e.details[0].field_name == "retryPolicy.retryCount");
  CHECK(e.attempts == 1);
}

TEST_CASE_METHOD(AuthedServer, "429 is retried after Retry-After") {
  std::atomic<int> calls{0};
  std::atomic<bool> throttle{false};
  server.http().Get("/api/v2/ping", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    ++calls;
    if (throttle.exchange(false)) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content(R"({"message":"Rate limit exceeded the maximum. Retry the request in [1] seconds",
        "code":"too.many.requests.retry.after","status":429})",
                      "application/json");
      return;
    }
    res.set_content("{}", "application/json");
  });
  Client client(start(), nullptr);
  REQUIRE(client.send(get("/api/v2/ping")).ok());  // mints the token first
  throttle = true;
  calls = 0;
  auto t0 = Clock::now();
  auto r = client.send(get("/api/v2/ping"));
  REQUIRE(r.ok());
  CHECK(r->attempts == 2);
  CHECK(calls == 2);
  CHECK(seconds_since(t0) >= 0.95);
  CHECK(seconds_since(t0) < 2.0);
}

TEST_CASE_METHOD(AuthedServer, "5xx is retried until success and exhausted retries report attempts") {
  std::atomic<int> calls{0};
  std::atomic<int> failures{2};
  server.http().Put("/api/v2/x", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    if (++calls <= failures) {
      res.status = 503;
      res.set_content("service unavailable", "text/plain");
      return;
    }
    res.set_content(R"({"version":2})", "application/json");
  });
  auto cfg = start();
  cfg.max_retries = 2;
  Client client(cfg, nullptr);
  Request put{"PUT", "/api/v2/x", {}, json{{"version", 1}}};

  auto r = client.send(put);
  REQUIRE(r.ok());
  CHECK(r->attempts == 3);
  CHECK(r->body["version"] == 2);

  calls = 0;
  failures = 100;
  auto bad = client.send(put);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == Error::Kind::kHttp);
  CHECK(bad.error().http_status == 503);
  CHECK(bad.error().attempts == 3);
  CHECK(bad.error().message == "HTTP 503: service unavailable");
  CHECK(calls == 3);
}

TEST_CASE_METHOD(AuthedServer, "other 4xx are not retried - POST included") {
  std::atomic<int> calls{0};
  auto bad_request = [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    ++calls;
    res.status = 400;
    res.set_content(R"({"message":"nope","code":"bad.request"})", "application/json");
  };
  server.http().Get("/api/v2/x", bad_request);
  server.http().Post("/api/v2/x", bad_request);
  Client client(start(), nullptr);

  auto g = client.send(get("/api/v2/x"));
  REQUIRE_FALSE(g.ok());
  CHECK(g.error().attempts == 1);
  auto p = client.send(Request{"POST", "/api/v2/x", {}, json::object()});
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().attempts == 1);
  CHECK(calls == 2);
}

TEST_CASE("a dropped connection is retried for GET but not for POST") {
  DroppingServer server;
  auto cfg = token_config_for(server.url());
  cfg.max_retries = 2;
  Client client(cfg, nullptr);

  auto g = client.send(get("/api/v2/x"));
  REQUIRE_FALSE(g.ok());
  CHECK(g.error().kind == Error::Kind::kTransport);
  CHECK(g.error().attempts == 3);
  int after_get = server.connections();
  CHECK(after_get >= 3);

  auto p = client.send(Request{"POST", "/api/v2/x", {}, json::object()});
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == Error::Kind::kTransport);
  CHECK(p.error().attempts == 1);  // it reached the server: a retry could duplicate the object
}

TEST_CASE("a POST never rides a kept-alive connection, so libcurl cannot re-send it unseen") {
  ReusedConnectionDroppingServer server;
  auto cfg = token_config_for(server.url());
  Client client(cfg, nullptr);
  REQUIRE(client.send(get("/api/v2/x")).ok());  // leaves a kept-alive connection behind
  RequestOutcome outcome;
  auto p = client.send(Request{"POST", "/api/v2/x", {}, json::object()}, &outcome);
  CHECK(p.ok());
  CHECK_FALSE(outcome.in_doubt);
  CHECK(server.methods() == std::vector<std::string>{"GET", "POST"});
}

TEST_CASE("the outcome says when a failed attempt may still have acted") {
  SECTION("a POST sent and never answered") {
    DroppingServer server;
    auto cfg = token_config_for(server.url());
    Client client(cfg, nullptr);
    RequestOutcome outcome;
    REQUIRE_FALSE(client.send(Request{"POST", "/api/v2/x", {}, json::object()}, &outcome).ok());
    CHECK(outcome.in_doubt);
  }
  SECTION("a POST never sent (connection refused)") {
    auto cfg = token_config_for("http://127.0.0.1:" + std::to_string(closed_port()));
    cfg.max_retries = 1;
    Client client(cfg, nullptr);
    RequestOutcome outcome;
    REQUIRE_FALSE(client.send(Request{"POST", "/api/v2/x", {}, json::object()}, &outcome).ok());
    CHECK_FALSE(outcome.in_doubt);
  }
  SECTION("a 500 then a 409, and a 429 then a 409") {
    TestServer server;
    std::atomic<int> calls{0};
    std::atomic<int> first_status{500};
    server.http().Post("/api/v2/x", [&](const httplib::Request&, httplib::Response& res) {
      res.status = ++calls % 2 == 1 ? first_status.load() : 409;
      res.set_content(R"({"message":"m","code":"c"})", "application/json");
    });
    auto cfg = start_with(server);
    Client client(cfg, nullptr);
    RequestOutcome after_500;
    REQUIRE_FALSE(client.send(Request{"POST", "/api/v2/x", {}, json::object()}, &after_500).ok());
    CHECK(after_500.in_doubt);
    first_status = 429;
    RequestOutcome after_429;
    REQUIRE_FALSE(client.send(Request{"POST", "/api/v2/x", {}, json::object()}, &after_429).ok());
    CHECK_FALSE(after_429.in_doubt);
  }
}

TEST_CASE_METHOD(AuthedServer, "a request with resend_in_doubt false is not re-sent after a 5xx, but is after a 429") {
  std::atomic<int> calls{0};
  std::atomic<int> status{503};
  server.http().Post("/api/v2/x", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    if (++calls == 1) {
      res.status = status;
      res.set_content(R"({"message":"m","code":"c"})", "application/json");
      return;
    }
    res.status = 201;
    res.set_content(R"({"id":"x-1"})", "application/json");
  });
  auto cfg = start();
  cfg.max_retries = 3;
  Client client(cfg, nullptr);
  Request post{"POST", "/api/v2/x", {}, json::object()};
  post.resend_in_doubt = false;
  RequestOutcome outcome;
  auto r = client.send(post, &outcome);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().http_status == 503);
  CHECK(r.error().attempts == 1);
  CHECK(outcome.in_doubt);
  CHECK(calls == 1);

  calls = 0;
  status = 429;  // known not to have acted: retried as ever
  auto after_429 = client.send(post);
  REQUIRE(after_429.ok());
  CHECK(calls == 2);
}

TEST_CASE("a response carries the server's clock from its Date header") {
  TestServer server;
  server.http().Get("/api/v2/x", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
    res.set_content("{}", "application/json");
  });
  server.http().Get("/api/v2/y",
                    [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  Client client(start_with(server), nullptr);
  auto x = client.send(get("/api/v2/x"));
  REQUIRE(x.ok());
  REQUIRE(x->server_time);
  CHECK(std::chrono::system_clock::to_time_t(*x->server_time) == 784111777);
  auto y = client.send(get("/api/v2/y"));
  REQUIRE(y.ok());
  CHECK_FALSE(y->server_time);
}

TEST_CASE("a refused connection is retried even for POST") {
  auto cfg = token_config_for("http://127.0.0.1:" + std::to_string(closed_port()));
  cfg.max_retries = 2;
  Client client(cfg, nullptr);
  auto p = client.send(Request{"POST", "/api/v2/x", {}, json::object()});
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == Error::Kind::kTransport);
  CHECK(p.error().attempts == 3);
}

TEST_CASE("cancellation aborts a slow request promptly") {
  TestServer server;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> on_the_wire{false};
  server.http().Get("/api/v2/slow", [&](const httplib::Request&, httplib::Response& res) {
    on_the_wire = true;
    std::unique_lock lock(mu);
    cv.wait_for(lock, 5s, [&] { return release; });
    res.set_content("{}", "application/json");
  });
  auto cancel = std::make_shared<ge::base::Cancellation>();
  auto cfg = start_with(server);
  Client client(cfg, cancel);

  std::atomic<Clock::rep> cancelled_at{0};
  std::thread stopper([&] {
    wait_until([&] { return on_the_wire.load(); }, 5s);  // cancelled while the server holds the request
    cancelled_at = Clock::now().time_since_epoch().count();
    cancel->cancel();
  });
  auto r = client.send(get("/api/v2/slow"));
  auto returned = Clock::now();
  stopper.join();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == Error::Kind::kCancelled);
  CHECK(returned - Clock::time_point(Clock::duration(cancelled_at.load())) < 250ms);
  CHECK(client.send(get("/api/v2/slow")).error().kind == Error::Kind::kCancelled);  // stays cancelled
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
}

TEST_CASE("cancellation lets a mutation on the wire finish and stops what follows") {
  TestServer server;
  auto cancel = std::make_shared<ge::base::Cancellation>();
  std::atomic<bool> on_the_wire{false};
  // The server answers only once the client is cancelled: the cancel lands mid-request.
  server.http().Post("/api/v2/x", [&](const httplib::Request&, httplib::Response& res) {
    on_the_wire = true;
    wait_until([&] { return cancel->cancelled(); }, 5s, 1ms);
    res.status = 201;
    res.set_content(R"({"id":"created"})", "application/json");
  });
  auto cfg = start_with(server);
  Client client(cfg, cancel);
  std::thread stopper([&] {
    wait_until([&] { return on_the_wire.load(); }, 5s);
    cancel->cancel();
  });
  auto r = client.send(Request{"POST", "/api/v2/x", {}, json::object()});
  stopper.join();
  REQUIRE(r.ok());  // the caller learns the id of what it created
  CHECK(r->body["id"] == "created");
  CHECK(client.send(Request{"POST", "/api/v2/x", {}, json::object()}).error().kind == Error::Kind::kCancelled);
}

TEST_CASE("cancellation interrupts a retry back-off") {
  TestServer server;
  std::atomic<int> answered{0};
  server.http().Get("/api/v2/x", [&](const httplib::Request&, httplib::Response& res) {
    ++answered;
    res.status = 503;
    res.set_header("Retry-After", "30");
  });
  auto cancel = std::make_shared<ge::base::Cancellation>();
  auto cfg = start_with(server);
  Client client(cfg, cancel);
  std::thread stopper([&] {
    wait_until([&] { return answered > 0; }, 5s);  // the 503 is in: the client enters its 30 s back-off
    cancel->cancel();
  });
  auto t0 = Clock::now();
  auto r = client.send(get("/api/v2/x"));
  stopper.join();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == Error::Kind::kCancelled);
  CHECK(seconds_since(t0) < 0.5);
}

TEST_CASE_METHOD(AuthedServer, "list_all follows every page") {
  std::vector<std::string> seen_queries;
  std::mutex mu;
  server.http().Get("/api/v2/events/webhooks", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    {
      std::lock_guard lock(mu);
      seen_queries.push_back(req.get_param_value("pageSize") + "/" + req.get_param_value("pageNumber") + "/" +
                             req.get_param_value("name"));
    }
    int size = std::stoi(req.get_param_value("pageSize"));
    int page = std::stoi(req.get_param_value("pageNumber"));
    constexpr int kTotal = 250;
    json entities = json::array();
    for (int i = (page - 1) * size; i < std::min(kTotal, page * size); ++i) entities.push_back({{"id", i}});
    json body{{"entities", entities},
              {"pageSize", size},
              {"pageNumber", page},
              {"total", kTotal},
              {"pageCount", (kTotal + size - 1) / size}};
    res.set_content(body.dump(), "application/json");
  });
  Client client(start(), nullptr);
  auto r = client.list_all("/api/v2/events/webhooks", {{"name", "a b&c"}});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 250);
  CHECK((*r)[0]["id"] == 0);
  CHECK((*r)[249]["id"] == 249);
  CHECK(seen_queries == std::vector<std::string>{"100/1/a b&c", "100/2/a b&c", "100/3/a b&c"});
}

TEST_CASE("pacing keeps the client under requests_per_minute") {
  TestServer server;
  server.http().Get("/api/v2/ping",
                    [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  auto cfg = start_with(server);
  cfg.requests_per_minute = 600;  // one per 100 ms after a burst of 5
  Client client(cfg, nullptr);

  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) CHECK(client.send(get("/api/v2/ping")).ok());
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = seconds_since(t0);
  CHECK(elapsed >= 1.45);  // 20 requests: 5 at once, then 15 x 100 ms
  CHECK(elapsed < 2.5);
}

TEST_CASE("TLS: a self-signed server is rejected unless its CA is configured") {
  const TlsFiles cert = TlsFiles::self_signed();
  TestServer server(cert.cert_file(), cert.key_file());
  server.http().Get("/api/v2/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"tls":true})", "application/json");
  });
  auto cfg = start_with(server);
  {
    Client untrusting(cfg, nullptr);
    auto r = untrusting.send(get("/api/v2/ping"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == Error::Kind::kTransport);
    CHECK(r.error().attempts == 1);  // verification failures are not retried
  }
  cfg.ca_cert_file = cert.ca_file();
  {
    Client trusting(cfg, nullptr);
    auto r = trusting.send(get("/api/v2/ping"));
    REQUIRE(r.ok());
    CHECK(r->body["tls"] == true);
  }
  cfg.ca_cert_file = (cert.dir() / "missing.pem").string();
  Client misconfigured(cfg, nullptr);
  CHECK(misconfigured.send(get("/api/v2/ping")).error().kind == Error::Kind::kConfig);
}

TEST_CASE("proxies come from the environment - upper-case names included") {
  TestServer proxy;
  std::atomic<int> proxied{0};
  proxy.http().Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    ++proxied;
    res.set_content(R"({"via":"proxy"})", "application/json");
  });
  proxy.start();
  auto cfg = token_config_for("http://api.example.invalid");
  cfg.max_retries = 0;

  SECTION("HTTP_PROXY for http:// URLs") {
    setenv("HTTP_PROXY", proxy.url().c_str(), 1);
    Client client(cfg, nullptr);
    auto r = client.send(get("/api/v2/ping"));
    unsetenv("HTTP_PROXY");
    REQUIRE(r.ok());
    CHECK(r->body["via"] == "proxy");
    CHECK(proxied == 1);
  }
  SECTION("NO_PROXY still applies to HTTP_PROXY") {
    setenv("HTTP_PROXY", proxy.url().c_str(), 1);
    setenv("NO_PROXY", "api.example.invalid", 1);
    Client client(cfg, nullptr);
    auto r = client.send(get("/api/v2/ping"));
    unsetenv("HTTP_PROXY");
    unsetenv("NO_PROXY");
    REQUIRE_FALSE(r.ok());  // went direct, and the host does not resolve
    CHECK(proxied == 0);
  }
  SECTION("HTTPS_PROXY for https:// URLs") {
    std::string dead = "http://127.0.0.1:" + std::to_string(closed_port());
    setenv("HTTPS_PROXY", dead.c_str(), 1);
    cfg.api_base = "https://api.example.invalid";
    Client client(cfg, nullptr);
    auto r = client.send(get("/api/v2/ping"));
    unsetenv("HTTPS_PROXY");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == Error::Kind::kTransport);
    // The failure is connecting to the proxy, not resolving the (unresolvable) API host.
    CHECK(r.error().message.find("127.0.0.1") != std::string::npos);
  }
}

TEST_CASE_METHOD(AuthedServer, "secrets never reach the log even at trace level") {
  server.http().Post("/api/v2/events/webhooks", [&](const httplib::Request& req, httplib::Response& res) {
    if (!auth.check(req, res)) return;
    res.status = 201;
    res.set_header("ININ-Correlation-Id", "corr-201");
    res.set_content(R"({"id":"w1","name":"w"})", "application/json");
  });
  start();

  ge::base::log::set_level(ge::base::log::Level::kTrace);
  StderrCapture capture;
  {
    Client client(config_for(server.url()), nullptr);
    auto r = client.send(Request{"POST",
                                 "/api/v2/events/webhooks",
                                 {},
                                 json{{"name", "w"},
                                      {"signingKey", "webhook-signing-key-0123456789"},
                                      {"authConfig", {{"password", "hunter2-password"}}}}});
    CHECK(r.ok());
  }
  std::string out = capture.stop();
  ge::base::log::set_level(ge::base::log::Level::kOff);

  CHECK(out.find(R"("@message":"HTTP request")") != std::string::npos);
  CHECK(out.find(R"("path":"/api/v2/events/webhooks")") != std::string::npos);
  CHECK(out.find(R"("correlation_id":"corr-201")") != std::string::npos);
  CHECK(out.find(R"("status":"201")") != std::string::npos);
  CHECK(out.find(kSecret) == std::string::npos);
  CHECK(out.find("token-number-") == std::string::npos);
  CHECK(out.find("webhook-signing-key-0123456789") == std::string::npos);
  CHECK(out.find("hunter2-password") == std::string::npos);
  CHECK(out.find("Bearer") == std::string::npos);
}
