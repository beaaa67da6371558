#include "plugin/crash_handler.h"

#include <execinfo.h>
#include <initializer_list>
#include <signal.h>
#include <string.h>
#include <unistd.h>

namespace ge::plugin {
namespace {

void on_fatal_signal(int sig) {
  // Only async-signal-safe calls here.
  const char* prefix = "panic: terraform-provider-genesysevents received signal ";
  (void)!write(STDERR_FILENO, prefix, strlen(prefix));
  const char* name = strsignal(sig);
  (void)!write(STDERR_FILENO, name, strlen(name));
  (void)!write(STDERR_FILENO, "\n\n", 2);
  void* frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_crash_handler() {
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) signal(sig, on_fatal_signal);
}

}  // namespace ge::plugin
