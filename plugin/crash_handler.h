// On a fatal signal, print "panic: ..." and a backtrace to stderr: the CLI recognises the
// prefix and shows its "The plugin crashed!" report (docs/reference/plugin-protocol.md §6).
#pragma once

namespace ge::plugin {
void install_crash_handler();
}
