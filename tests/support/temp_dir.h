// Test support: temporary directories (docs/design/test-support.md).
#pragma once

#include <filesystem>
#include <string>

namespace ge::test_support {

// A fresh directory <temp>/<prefix>-XXXXXX (mkdtemp, mode 0700; <temp> is
// std::filesystem::temp_directory_path(), i.e. $TMPDIR or /tmp). The caller owns it: nothing
// removes it. Throws std::runtime_error when it cannot be made.
std::filesystem::path make_temp_dir(const std::string& prefix);

// A directory made by make_temp_dir that the object owns: the destructor removes it with
// everything in it (errors ignored). Move-only; a moved-from TempDir owns nothing.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "genesysevents-test");
  ~TempDir();
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace ge::test_support
