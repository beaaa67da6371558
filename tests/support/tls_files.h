// Test support: TLS certificate and key files for test servers on 127.0.0.1, made in-process
// with OpenSSL (no openssl command), each set in a temporary directory of its own
// (docs/design/test-support.md).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "support/temp_dir.h"

namespace ge::test_support {

// When a certificate is valid, as offsets from the moment it is made. The default starts a
// minute in the past and lasts two days. An expired certificate: {.not_before = -48h, .not_after = -1h}.
struct Validity {
  std::chrono::seconds not_before{-60};
  std::chrono::seconds not_after{48 * 3600};
};

// A server certificate for 127.0.0.1 and localhost (subject CN=127.0.0.1, subjectAltName
// IP:127.0.0.1 and DNS:localhost) and its private key, as PEM files in a temporary directory
// that the object owns and its destructor removes. Keys are EC P-256, signatures ECDSA-SHA256,
// certificates X.509 v3 with random serial numbers and key identifiers. Move-only.
//
// - self_signed(): the certificate is its own issuer and a CA (basicConstraints CA:TRUE), so
//   the file that trusts it is the certificate itself: ca_file() == cert_file().
// - ca_signed(): a fresh CA of its own (a unique subject, CA:TRUE, keyCertSign) issues the
//   server certificate (CA:FALSE, serverAuth). ca_file() holds the CA certificate alone:
//   trusting it trusts this server certificate and nothing made by another TlsFiles, so the CA
//   files of several TlsFiles can be concatenated into one bundle.
//
// `validity` applies to the server certificate; the CA, when there is one, is valid over that
// window and the present, a day more on each side, so an expired server certificate is the
// only thing a verifier rejects. Both throw std::runtime_error when OpenSSL or a file write fails.
class TlsFiles {
 public:
  static TlsFiles self_signed(Validity validity = {});
  static TlsFiles ca_signed(Validity validity = {});

  const std::string& cert_file() const { return cert_file_; }  // the server certificate (PEM)
  const std::string& key_file() const { return key_file_; }    // its private key (PEM, unencrypted)
  const std::string& ca_file() const { return ca_file_; }      // what a client trusts to accept cert_file()
  // The directory holding the files; a test may put more files there (they go with it).
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  explicit TlsFiles(TempDir dir);
  TempDir dir_;
  std::string cert_file_, key_file_, ca_file_;
};

// One self-signed TlsFiles for the whole test process, made on first use (thread-safe) and
// removed when the process exits normally: for suites whose servers all share the one trust
// file the emulator is started with (--ca-file).
const TlsFiles& process_tls_files();

}  // namespace ge::test_support
