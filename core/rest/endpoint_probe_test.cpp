// The endpoint probe (endpoint_probe.h) against in-process HTTPS receivers: healthy, answering
// 500, an expired certificate, an untrusted self-signed one, a server that speaks no TLS,
// nothing listening; and its inputs (CA file, certinfo dates).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "rest/endpoint_probe.h"
#include "support/dropping_servers.h"
#include "support/https_endpoint.h"

using namespace ge::rest;
using ge::test_support::closed_port;
using ge::test_support::DroppingServer;
using ge::test_support::HttpsEndpoint;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

namespace {

ProbeOptions options(const std::string& url, const std::string& ca_cert_file = "",
                     std::chrono::milliseconds timeout = 5s, const ge::base::Cancellation* cancel = nullptr) {
  ProbeOptions o;
  o.url = url;
  o.ca_cert_file = ca_cert_file;
  o.timeout = timeout;
  o.cancel = cancel;
  return o;
}

double hours_until(Clock::time_point t) {
  return std::chrono::duration<double, std::ratio<3600>>(t - Clock::now()).count();
}

}  // namespace

TEST_CASE("probe: a healthy HTTPS endpoint with a trusted certificate") {
  HttpsEndpoint receiver(200, {-60s, 48h});
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  INFO(r.error);
  CHECK(r.reachable);
  CHECK(r.tls_valid);
  REQUIRE(r.http_status);
  CHECK(*r.http_status == 200);
  CHECK(r.error.empty());
  CHECK(r.config_error.empty());
  REQUIRE(r.certificate_expires_at);
  CHECK(hours_until(*r.certificate_expires_at) > 47.9);
  CHECK(hours_until(*r.certificate_expires_at) < 48.1);
  CHECK(receiver.gets() == 1);
}

TEST_CASE("probe: an endpoint answering 500 is reachable and valid, with the status") {
  HttpsEndpoint receiver(500, {-60s, 24h});
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  CHECK(r.reachable);
  CHECK(r.tls_valid);
  REQUIRE(r.http_status);
  CHECK(*r.http_status == 500);
  CHECK(r.error.empty());
  CHECK(r.certificate_expires_at);
}

TEST_CASE("probe: an expired certificate is invalid, its expiry still read, and no request is sent") {
  HttpsEndpoint receiver(200, {-72h, -48h});
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  CHECK(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK(r.error.find("expired") != std::string::npos);
  REQUIRE(r.certificate_expires_at);
  CHECK(hours_until(*r.certificate_expires_at) < -47.9);
  CHECK(hours_until(*r.certificate_expires_at) > -48.1);
  CHECK(receiver.gets() == 0);
}

TEST_CASE("probe: an untrusted self-signed certificate is invalid, with the reason and its expiry") {
  HttpsEndpoint receiver(200, {-60s, 48h});
  auto r = probe_endpoint(options(receiver.url()));
  CHECK(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK(r.error.find("certificate") != std::string::npos);
  CHECK(r.certificate_expires_at);
  CHECK(receiver.gets() == 0);
  // Trusted through ca_cert_file, the same server is fine.
  auto trusted = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  CHECK(trusted.tls_valid);
  CHECK(trusted.http_status == 200);
}

TEST_CASE("probe: nothing listening is unreachable") {
  auto r = probe_endpoint(options("https://127.0.0.1:" + std::to_string(closed_port()) + "/"));
  CHECK_FALSE(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK_FALSE(r.certificate_expires_at);
  CHECK_FALSE(r.error.empty());
  CHECK(r.config_error.empty());
}

TEST_CASE("probe: a server that never completes a handshake is reachable, not valid, within the timeout") {
  DroppingServer server;  // reads and closes: no TLS at all
  std::string url = server.url();
  url.replace(0, std::string("http").size(), "https");
  auto started = std::chrono::steady_clock::now();
  auto r = probe_endpoint(options(url, "", 3s));
  CHECK(std::chrono::steady_clock::now() - started < 3500ms);
  CHECK(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK_FALSE(r.certificate_expires_at);
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("probe: an unreadable CA file is a configuration error, and nothing is sent") {
  HttpsEndpoint receiver(200, {-60s, 1h});
  auto r = probe_endpoint(options(receiver.url(), (receiver.tls().dir() / "missing.pem").string()));
  CHECK(r.config_error.find("missing.pem") != std::string::npos);
  CHECK_FALSE(r.reachable);
  CHECK(receiver.gets() == 0);
}

TEST_CASE("probe: a cancelled probe returns at once") {
  ge::base::Cancellation cancel;
  cancel.cancel();
  HttpsEndpoint receiver(200, {-60s, 1h});
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file(), 5s, &cancel));
  CHECK_FALSE(r.http_status);
  CHECK(r.error == "cancelled");
}

TEST_CASE("probe: certinfo dates") {
  auto t = parse_certinfo_time("Mar  4 12:00:05 2027 GMT");
  REQUIRE(t);
  CHECK(Clock::to_time_t(*t) == 1804161605);
  CHECK(parse_certinfo_time("Dec 31 23:59:59 2049 GMT"));
  CHECK_FALSE(parse_certinfo_time("2027-03-04T12:00:05Z"));
  CHECK_FALSE(parse_certinfo_time("Foo  4 12:00:05 2027 GMT"));
  CHECK_FALSE(parse_certinfo_time("Mar  4 12:00:05 2027 PST"));
  CHECK_FALSE(parse_certinfo_time(""));
}
