#include "support/tls_files.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace genesys_emulator::testing {

namespace {

// Removes the certificate directory when the test process exits.
struct TemporaryDirectory {
  std::string path;
  ~TemporaryDirectory() {
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
  std::error_code ignored;
};

}  // namespace

const TlsFiles& tls_files() {
  static TemporaryDirectory directory;
  static const TlsFiles files = [] {
    char dir_template[] = "/tmp/genesys-emulator-tls-XXXXXX";
    if (!mkdtemp(dir_template)) throw std::runtime_error("mkdtemp failed");
    std::string dir = dir_template;
    directory.path = dir;
    TlsFiles f{dir + "/cert.pem", dir + "/key.pem"};
    std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                          "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
                          f.key + " -out " + f.cert + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not create a test certificate");
    return f;
  }();
  return files;
}

}  // namespace genesys_emulator::testing
