// terraform-provider-genesysevents: the plugin binary Terraform and OpenTofu start.
#include <cstdio>
#include <cstring>

#include <absl/synchronization/mutex.h>

#include "plugin/crash_handler.h"
#include "plugin/server.h"
#include "plugin/version.h"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-version") == 0 || std::strcmp(argv[i], "--version") == 0) {
      std::printf("terraform-provider-genesysevents %s\n", ge::plugin::kVersion);
      return 0;
    }
  }
  ge::plugin::install_crash_handler();
  // Abseil's mutexes (inside gRPC) record a lock graph to detect deadlocks unless told not to:
  // CPU on every RPC for a check that only matters while debugging Abseil users, and, since
  // Abseil is not built with TSan, a source of false race reports in the TSan build.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  ge::plugin::ServeOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-debug") == 0 || std::strcmp(argv[i], "--debug") == 0) options.debug = true;
  }
  return ge::plugin::serve(options);
}
