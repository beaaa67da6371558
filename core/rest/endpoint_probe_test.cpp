// The endpoint probe (endpoint_probe.h) against in-process HTTPS receivers: healthy, answering
// 500, an expired certificate, an untrusted self-signed one, a server that speaks no TLS,
// nothing listening; and its inputs (CA file, certinfo dates).
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "rest/endpoint_probe.h"
#include "support/dropping_servers.h"
#include "support/http_server.h"
#include "support/tls_files.h"

using namespace ge::rest;
using ge::test_support::closed_port;
using ge::test_support::DroppingServer;
using ge::test_support::TestServer;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

namespace {

// An HTTPS receiver answering every GET with `status`, counting the requests it saw. Its
// certificate is self-signed for 127.0.0.1 and valid from `not_before` to `not_after` (seconds
// from now; both in the past for an expired one); trusting cert_file() trusts it.
struct Receiver {
  ge::test_support::TlsFiles tls;
  TestServer server;
  std::atomic<int> gets{0};
  Receiver(long not_before, long not_after, int status = 200)
      : tls(ge::test_support::TlsFiles::self_signed(
            {std::chrono::seconds(not_before), std::chrono::seconds(not_after)})),
        server(tls.cert_file(), tls.key_file()) {
    server.http().Get(".*", [this, status](const httplib::Request&, httplib::Response& res) {
      ++gets;
      res.status = status;
      res.set_content("{}", "application/json");
    });
    server.start();
  }
  std::string url() const { return server.url() + "/health"; }
  const std::string& cert_file() const { return tls.cert_file(); }
};

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
  Receiver receiver(-60, 48 * 3600);
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
  CHECK(receiver.gets == 1);
}

TEST_CASE("probe: an endpoint answering 500 is reachable and valid, with the status") {
  Receiver receiver(-60, 24 * 3600, 500);
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  CHECK(r.reachable);
  CHECK(r.tls_valid);
  REQUIRE(r.http_status);
  CHECK(*r.http_status == 500);
  CHECK(r.error.empty());
  CHECK(r.certificate_expires_at);
}

TEST_CASE("probe: an expired certificate is invalid, its expiry still read, and no request is sent") {
  Receiver receiver(-3 * 86400, -2 * 86400);
  auto r = probe_endpoint(options(receiver.url(), receiver.cert_file()));
  CHECK(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK(r.error.find("expired") != std::string::npos);
  REQUIRE(r.certificate_expires_at);
  CHECK(hours_until(*r.certificate_expires_at) < -47.9);
  CHECK(hours_until(*r.certificate_expires_at) > -48.1);
  CHECK(receiver.gets == 0);
}

TEST_CASE("probe: an untrusted self-signed certificate is invalid, with the reason and its expiry") {
  Receiver receiver(-60, 48 * 3600);
  auto r = probe_endpoint(options(receiver.url()));
  CHECK(r.reachable);
  CHECK_FALSE(r.tls_valid);
  CHECK_FALSE(r.http_status);
  CHECK(r.error.find("certificate") != std::string::npos);
  CHECK(r.certificate_expires_at);
  CHECK(receiver.gets == 0);
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
  Receiver receiver(-60, 3600);
  auto r = probe_endpoint(options(receiver.url(), (receiver.tls.dir() / "missing.pem").string()));
  CHECK(r.config_error.find("missing.pem") != std::string::npos);
  CHECK_FALSE(r.reachable);
  CHECK(receiver.gets == 0);
}

TEST_CASE("probe: a cancelled probe returns at once") {
  ge::base::Cancellation cancel;
  cancel.cancel();
  Receiver receiver(-60, 3600);
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
