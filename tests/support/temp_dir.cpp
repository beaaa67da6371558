#include "support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>

#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

namespace ge::test_support {

namespace fs = std::filesystem;

fs::path make_temp_dir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern + ": " + std::generic_category().message(errno));
  }
  return buffer.data();
}

TempDir::TempDir(const std::string& prefix) : path_(make_temp_dir(prefix)) {}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    TempDir old(std::move(*this));  // removes what this owned
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

}  // namespace ge::test_support
