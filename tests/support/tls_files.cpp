#include "support/tls_files.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ge::test_support {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

[[noreturn]] void fail(const std::string& what) {
  unsigned long code = ERR_get_error();
  std::string detail;
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    detail = std::string(": ") + text;
  }
  throw std::runtime_error("test certificate: " + what + detail);
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  if (!key) fail("EC P-256 key generation failed");
  return key;
}

// 64 random bits; also names each test CA apart from every other.
std::string random_serial(X509* x) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), &BN_free);
  if (!serial || !BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x))) {
    fail("no serial number");
  }
  char* hex = BN_bn2hex(serial.get());
  std::string out = hex ? hex : "";
  OPENSSL_free(hex);
  return out;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  const bool added = extension != nullptr && X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  if (!added) fail(std::string("extension ") + OBJ_nid2sn(nid) + "=" + value);
}

struct Subject {
  std::string common_name;  // empty: "<prefix> <serial>" with the random serial
  std::string prefix;
};

// A certificate for `key`, issued by `issuer` (signed with `issuer_key`), or self-signed when
// `issuer` is null. Extensions are added in order, so subjectKeyIdentifier comes before
// authorityKeyIdentifier.
Certificate make_certificate(const Subject& subject, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key,
                             const Validity& validity, const std::vector<std::pair<int, const char*>>& extensions) {
  Certificate x(X509_new(), &X509_free);
  if (!x || X509_set_version(x.get(), 2) != 1) fail("X509_new");
  const std::string serial = random_serial(x.get());
  const std::string cn = subject.common_name.empty() ? subject.prefix + " " + serial : subject.common_name;
  if (!X509_gmtime_adj(X509_getm_notBefore(x.get()), static_cast<long>(validity.not_before.count())) ||
      !X509_gmtime_adj(X509_getm_notAfter(x.get()), static_cast<long>(validity.not_after.count())) ||
      X509_set_pubkey(x.get(), key) != 1) {
    fail("validity or public key");
  }
  X509_NAME* name = X509_get_subject_name(x.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(x.get(), issuer ? X509_get_subject_name(issuer) : name) != 1) {
    fail("subject or issuer name");
  }
  for (const auto& [nid, value] : extensions) add_extension(x.get(), issuer ? issuer : x.get(), nid, value);
  if (X509_sign(x.get(), issuer_key, EVP_sha256()) == 0) fail("signing");
  return x;
}

template <typename Write>
void write_pem(const std::string& path, Write write) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) fail("cannot write " + path);
  const bool written = write(f) == 1;
  if (std::fclose(f) != 0 || !written) fail("cannot write " + path);
}

void write_certificate(const std::string& path, X509* x) {
  write_pem(path, [&](FILE* f) { return PEM_write_X509(f, x); });
}

void write_key(const std::string& path, EVP_PKEY* key) {
  write_pem(path, [&](FILE* f) { return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr); });
}

constexpr const char* kServerNames = "IP:127.0.0.1,DNS:localhost";

}  // namespace

TlsFiles::TlsFiles(TempDir dir) : dir_(std::move(dir)) {
  cert_file_ = (dir_.path() / "cert.pem").string();
  key_file_ = (dir_.path() / "key.pem").string();
}

TlsFiles TlsFiles::self_signed(Validity validity) {
  TlsFiles files(TempDir("genesysevents-tls"));
  Key key = new_key();
  Certificate cert = make_certificate({"127.0.0.1", ""}, key.get(), nullptr, key.get(), validity,
                                      {{NID_subject_alt_name, kServerNames},
                                       {NID_basic_constraints, "critical,CA:TRUE"},
                                       {NID_subject_key_identifier, "hash"}});
  write_certificate(files.cert_file_, cert.get());
  write_key(files.key_file_, key.get());
  files.ca_file_ = files.cert_file_;
  return files;
}

TlsFiles TlsFiles::ca_signed(Validity validity) {
  TlsFiles files(TempDir("genesysevents-tls"));
  constexpr std::chrono::seconds kDay{24 * 3600};
  // The CA covers the server certificate's window and the present, with a day to spare.
  const Validity ca_validity{std::min(validity.not_before, -kDay), std::max(validity.not_after, kDay) + kDay};
  Key ca_key = new_key();
  Certificate ca = make_certificate({"", "genesysevents test CA"}, ca_key.get(), nullptr, ca_key.get(), ca_validity,
                                    {{NID_basic_constraints, "critical,CA:TRUE"},
                                     {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                     {NID_subject_key_identifier, "hash"}});
  Key key = new_key();
  Certificate cert = make_certificate({"127.0.0.1", ""}, key.get(), ca.get(), ca_key.get(), validity,
                                      {{NID_subject_alt_name, kServerNames},
                                       {NID_basic_constraints, "critical,CA:FALSE"},
                                       {NID_key_usage, "critical,digitalSignature"},
                                       {NID_ext_key_usage, "serverAuth"},
                                       {NID_subject_key_identifier, "hash"},
                                       {NID_authority_key_identifier, "keyid:always"}});
  files.ca_file_ = (files.dir() / "ca.pem").string();
  write_certificate(files.ca_file_, ca.get());
  write_certificate(files.cert_file_, cert.get());
  write_key(files.key_file_, key.get());
  return files;
}

const TlsFiles& process_tls_files() {
  static const TlsFiles files = TlsFiles::self_signed();
  return files;
}

}  // namespace ge::test_support
