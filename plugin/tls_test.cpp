#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "plugin/tls.h"

using namespace ge::plugin;

TEST_CASE("base64 is go's RawStdEncoding") {
  CHECK(base64_raw_std("") == "");
  CHECK(base64_raw_std("f") == "Zg");
  CHECK(base64_raw_std("fo") == "Zm8");
  CHECK(base64_raw_std("foo") == "Zm9v");
  CHECK(base64_raw_std("\xff\xfe") == "//4");
}

TEST_CASE("the server certificate has what go's TLS client checks") {
  auto cert = generate_server_certificate();
  REQUIRE(cert.ok());
  CHECK(cert->der_base64.find('=') == std::string::npos);
  CHECK(cert->der_base64.find('\n') == std::string::npos);
  CHECK(cert->der_base64.size() > 50);
  BIO* bio = BIO_new_mem_buf(cert->cert_pem.data(), static_cast<int>(cert->cert_pem.size()));
  X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  REQUIRE(x != nullptr);
  CHECK(X509_check_host(x, "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_purpose(x, X509_PURPOSE_SSL_SERVER, 0) == 1);
  CHECK(X509_cmp_current_time(X509_get0_notBefore(x)) < 0);
  X509_free(x);
  BIO_free(bio);
}
