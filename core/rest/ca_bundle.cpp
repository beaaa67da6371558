#include "rest/ca_bundle.h"

#include <curl/curl.h>

#include <fstream>
#include <sstream>

#include "base/log.h"

namespace ge::rest {
namespace {

constexpr const char* kFallbackBundle = "/etc/ssl/certs/ca-certificates.crt";

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

base::Result<std::string, Error> trust_bundle_with(const std::string& ca_cert_file) {
  bool ok = false;
  std::string extra = read_file(ca_cert_file, ok);
  if (!ok || extra.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    Error e;
    e.kind = Error::Kind::kConfig;
    e.message = "cannot read PEM certificates from CA file " + ca_cert_file;
    return e;
  }
  std::string bundle_path = kFallbackBundle;
  if (CURL* probe = curl_easy_init()) {
    char* path = nullptr;
    if (curl_easy_getinfo(probe, CURLINFO_CAINFO, &path) == CURLE_OK && path != nullptr) bundle_path = path;
    curl_easy_cleanup(probe);
  }
  std::string system = read_file(bundle_path, ok);
  if (!ok) {
    base::log::warn("system CA bundle not readable; trusting only the configured CA file",
                    {{"bundle", bundle_path}, {"ca_file", ca_cert_file}});
  }
  return std::move(system) + "\n" + extra;
}

}  // namespace ge::rest
