// Test support: what the code under test writes to stderr (where base::log writes), captured
// (docs/design/test-support.md).
#pragma once

#include <string>

#include "support/temp_dir.h"

namespace ge::test_support {

// Redirects file descriptor 2 to a file in a temporary directory from construction until
// stop() (or destruction, which also removes the file). Everything the process writes to fd 2
// meanwhile, from any thread, is captured. One at a time per process; not nestable.
class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  // Restores stderr and returns what was written. Call at most once.
  std::string stop();

 private:
  TempDir dir_;
  std::string path_;
  int saved_ = -1;
  bool active_ = false;
};

}  // namespace ge::test_support
