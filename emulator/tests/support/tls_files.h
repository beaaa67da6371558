// Test support: a self-signed certificate for 127.0.0.1/localhost, created once per
// test process with the openssl CLI, for HTTPS receivers and the emulator's TLS mode.
#pragma once

#include <string>

namespace genesys_emulator::testing {

struct TlsFiles {
  std::string cert;  // PEM certificate; also the CA file that trusts it
  std::string key;
};

const TlsFiles& tls_files();

}  // namespace genesys_emulator::testing
