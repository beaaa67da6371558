#include "support/https_endpoint.h"

namespace ge::test_support {

HttpsEndpoint::HttpsEndpoint(int status, Validity validity)
    : tls_(TlsFiles::self_signed(validity)), server_(tls_.cert_file(), tls_.key_file()) {
  server_.http().Get(".*", [this, status](const httplib::Request&, httplib::Response& res) {
    ++gets_;
    res.status = status;
    res.set_content("{}", "application/json");
  });
  server_.start();
}

std::string HttpsEndpoint::url(const std::string& path) const { return server_.url() + path; }

}  // namespace ge::test_support
