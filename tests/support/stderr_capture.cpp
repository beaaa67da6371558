#include "support/stderr_capture.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace ge::test_support {

StderrCapture::StderrCapture() : dir_("genesysevents-stderr"), path_((dir_.path() / "stderr.log").string()) {
  std::fflush(stderr);
  int fd = open(path_.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  saved_ = dup(2);
  dup2(fd, 2);
  close(fd);
  active_ = true;
}

StderrCapture::~StderrCapture() {
  if (active_) stop();
}

std::string StderrCapture::stop() {
  std::fflush(stderr);
  dup2(saved_, 2);
  close(saved_);
  active_ = false;
  std::ifstream in(path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ge::test_support
