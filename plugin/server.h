// The go-plugin server lifecycle (docs/reference/plugin-protocol.md §1, §2, §9): magic cookie, protocol
// negotiation, AutoMTLS, listening on a unix socket, the handshake line on stdout, the
// controller's Shutdown, and prompt exit.
#pragma once

#include <string>

namespace ge::plugin {

struct ServeOptions {
  bool debug = false;  // -debug: no cookie needed, plaintext, prints TF_REATTACH_PROVIDERS
};

// Runs the plugin until the host shuts it down; returns the process exit code.
int serve(const ServeOptions& options);

}  // namespace ge::plugin
