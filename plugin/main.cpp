// terraform-provider-genesysevents: the plugin binary Terraform and OpenTofu start.
#include <cstring>

#include "plugin/crash_handler.h"
#include "plugin/server.h"

int main(int argc, char** argv) {
  ge::plugin::install_crash_handler();
  ge::plugin::ServeOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-debug") == 0 || std::strcmp(argv[i], "--debug") == 0) options.debug = true;
  }
  return ge::plugin::serve(options);
}
