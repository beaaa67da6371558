// The server half of go-plugin's AutoMTLS (docs/reference/plugin-protocol.md §1.4): a fresh self-signed
// certificate for every process, whose DER the handshake line carries.
#pragma once

#include <string>

#include "base/status.h"

namespace ge::plugin {

struct ServerCertificate {
  std::string cert_pem;
  std::string key_pem;
  std::string der_base64;  // raw DER, standard alphabet, no padding, no newlines
};

// An ECDSA P-256 key and an X.509v3 certificate: CN and SAN DNS "localhost", CA, key usages
// digitalSignature|keyEncipherment|keyAgreement|keyCertSign, EKU serverAuth+clientAuth,
// valid from 30 s ago for ~30 years, like go-plugin's own generateCert().
base::Result<ServerCertificate> generate_server_certificate();

// Base64 in go's RawStdEncoding (no '=' padding, no line breaks).
std::string base64_raw_std(const std::string& bytes);

}  // namespace ge::plugin
