// The trust of a connection given an extra CA file: libcurl's default bundle (CURLINFO_CAINFO,
// else /etc/ssl/certs/ca-certificates.crt) followed by the file, as one PEM blob for
// CURLOPT_CAINFO_BLOB. CURLOPT_CAINFO and CURLOPT_CAINFO_BLOB replace the default bundle, so the
// extra file alone would drop the public roots (transport.h "TLS"). Shared by the API transport
// and the endpoint probe (endpoint_probe.h).
#pragma once

#include <string>

#include "base/status.h"
#include "rest/error.h"

namespace ge::rest {

// The system bundle plus the PEM certificates of `ca_cert_file`. An Error kConfig when the file
// cannot be read or holds no PEM certificate. An unreadable system bundle is logged (warning)
// and leaves the file's certificates as the only trust.
base::Result<std::string, Error> trust_bundle_with(const std::string& ca_cert_file);

}  // namespace ge::rest
