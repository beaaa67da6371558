// The contracts of tests/support that the suites rely on without testing them themselves:
// which certificates verify against which trust files, what a Receiver records and answers,
// what an HttpsEndpoint answers and counts, and when wait_until returns.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "support/https_endpoint.h"
#include "support/receiver.h"
#include "support/temp_dir.h"
#include "support/tls_files.h"
#include "support/wait.h"

using namespace ge::test_support;
using namespace std::chrono_literals;

namespace {

// The verification result (X509_V_OK or an X509_V_ERR_*) of `cert_file` as a TLS server
// certificate for 127.0.0.1, trusting exactly the certificates in `trust_file`.
int verify(const std::string& cert_file, const std::string& trust_file) {
  FILE* f = std::fopen(cert_file.c_str(), "r");
  REQUIRE(f != nullptr);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  REQUIRE(cert != nullptr);
  X509_STORE* store = X509_STORE_new();
  REQUIRE(X509_STORE_load_file(store, trust_file.c_str()) == 1);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  REQUIRE(X509_STORE_CTX_init(ctx, store, cert, nullptr) == 1);
  X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
  X509_VERIFY_PARAM_set1_ip_asc(X509_STORE_CTX_get0_param(ctx), "127.0.0.1");
  const int result = X509_verify_cert(ctx) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  X509_free(cert);
  return result;
}

std::string concatenated(const TempDir& dir, const std::vector<std::string>& files) {
  const std::string path = (dir.path() / "bundle.pem").string();
  std::ofstream out(path);
  for (const auto& file : files) out << std::ifstream(file).rdbuf();
  return path;
}

}  // namespace

TEST_CASE("a self-signed certificate is its own trust file and is removed with its TlsFiles") {
  std::filesystem::path dir;
  {
    const TlsFiles tls = TlsFiles::self_signed();
    dir = tls.dir();
    CHECK(tls.ca_file() == tls.cert_file());
    CHECK(std::filesystem::exists(tls.key_file()));
    CHECK(verify(tls.cert_file(), tls.ca_file()) == X509_V_OK);
  }
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("a CA-signed certificate verifies against its own CA only, also inside a bundle") {
  const TlsFiles a = TlsFiles::ca_signed();
  const TlsFiles b = TlsFiles::ca_signed();
  CHECK(a.ca_file() != a.cert_file());
  CHECK(verify(a.cert_file(), a.ca_file()) == X509_V_OK);
  CHECK(verify(a.cert_file(), b.ca_file()) != X509_V_OK);
  TempDir dir;
  const std::string bundle = concatenated(dir, {a.ca_file(), b.ca_file()});
  CHECK(verify(a.cert_file(), bundle) == X509_V_OK);
  CHECK(verify(b.cert_file(), bundle) == X509_V_OK);
}

TEST_CASE("a validity window in the past gives an expired certificate") {
  const Validity expired{.not_before = -48h, .not_after = -1h};
  const TlsFiles self_signed_expired = TlsFiles::self_signed(expired);
  CHECK(verify(self_signed_expired.cert_file(), self_signed_expired.ca_file()) == X509_V_ERR_CERT_HAS_EXPIRED);
  const TlsFiles signed_expired = TlsFiles::ca_signed(expired);
  CHECK(verify(signed_expired.cert_file(), signed_expired.ca_file()) == X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_CASE("a receiver records POST and PUT and answers the scripted, then the set status") {
  Receiver receiver(202);
  httplib::Client client(receiver.url(""));
  client.set_ca_cert_path(receiver.ca_file().c_str());
  receiver.script({500});
  auto first = client.Post("/events?x=1", httplib::Headers{{"X-Team", "blue"}}, "one", "text/plain");
  REQUIRE(first);
  CHECK(first->status == 500);
  auto second = client.Put("/other", "two", "text/plain");
  REQUIRE(second);
  CHECK(second->status == 202);
  CHECK(second->body == "{}");
  receiver.set_status(204);
  auto token = client.Post("/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
  REQUIRE(token);
  CHECK(token->status == 204);
  auto get = client.Get("/events");
  REQUIRE(get);
  CHECK(get->status == 404);

  REQUIRE(receiver.wait_for(3));
  CHECK(receiver.posts() == 2);
  auto all = receiver.requests();
  REQUIRE(all.size() == 3);
  CHECK(all[0].method == "POST");
  CHECK(all[0].path == "/events");
  CHECK(all[0].body == "one");
  CHECK(all[0].headers.at("x-team") == "blue");
  CHECK(all[0].header("X-TEAM") == "blue");
  CHECK(all[1].method == "PUT");
  CHECK(receiver.requests("/other").size() == 1);
  CHECK(receiver.requests("/token").size() == 1);
}

TEST_CASE("the token path answers an OAuth token") {
  Receiver receiver;
  httplib::Client client(receiver.url(""));
  client.set_ca_cert_path(receiver.ca_file().c_str());
  auto res = client.Post("/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.find(R"("access_token":"receiver-token")") != std::string::npos);
}

TEST_CASE("receivers on shared TLS files share one trust file") {
  const TlsFiles& shared = process_tls_files();
  Receiver first(shared);
  Receiver second(shared, 503);
  CHECK(first.ca_file() == shared.ca_file());
  for (Receiver* r : {&first, &second}) {
    httplib::Client client(r->url(""));
    client.set_ca_cert_path(shared.ca_file().c_str());
    auto res = client.Post("/events", "{}", "application/json");
    REQUIRE(res);
  }
  CHECK(first.requests().size() == 1);
  CHECK(second.requests().size() == 1);
}

TEST_CASE("an HTTPS endpoint answers and counts every GET, and nothing else") {
  HttpsEndpoint endpoint(503);
  CHECK(endpoint.cert_file() == endpoint.tls().ca_file());  // self-signed: its own trust file
  CHECK(endpoint.url().rfind("https://127.0.0.1:", 0) == 0);
  httplib::Client client(endpoint.url(""));
  client.set_ca_cert_path(endpoint.cert_file().c_str());
  for (const char* path : {"/health", "/any/other"}) {
    auto res = client.Get(path);
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->body == "{}");
  }
  auto post = client.Post("/health", "{}", "application/json");
  REQUIRE(post);
  CHECK(post->status == 404);
  CHECK(endpoint.gets() == 2);
}

TEST_CASE("wait_until returns as soon as the condition holds, and false at the deadline") {
  int evaluations = 0;
  auto t0 = std::chrono::steady_clock::now();
  CHECK(wait_until([&] { return ++evaluations == 1; }, 5s));
  CHECK(evaluations == 1);  // true at once: no interval slept
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);

  std::atomic<bool> set{false};
  std::thread setter([&] {
    std::this_thread::sleep_for(30ms);  // another thread reaches the state later
    set = true;
  });
  CHECK(wait_until([&] { return set.load(); }, 5s, 1ms));
  setter.join();

  evaluations = 0;
  t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(wait_until([&] { return ++evaluations < 0; }, 50ms));
  CHECK(std::chrono::steady_clock::now() - t0 >= 50ms);
  CHECK(evaluations >= 2);
}
