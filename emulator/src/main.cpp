// genesys-emulator: serves docs/reference/api-contract.md on one address. Prints exactly
// one announcement line to stdout once listening, then serves until SIGTERM/SIGINT.
#include "app.h"
#include "http_server.h"
#include "options.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

int main(int argc, char** argv) {
  using namespace genesys_emulator;
  std::string error;
  bool help = false;
  auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc), error, help);
  if (!options) {
    (help ? std::cout : std::cerr) << error;
    return help ? 0 : 2;
  }

  // Block the stop signals before any thread starts so only the waiter below sees
  // them; ignore SIGPIPE from peers that hang up mid-write.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  auto app = App::create(*options, error);
  if (!app) {
    std::cerr << "genesys-emulator: " << error << "\n";
    return 1;
  }
  HttpServer server(*app);
  auto url = server.bind(error);
  if (!url) {
    std::cerr << "genesys-emulator: " << error << "\n";
    return 1;
  }
  std::printf("genesys-emulator listening on %s\n", url->c_str());
  std::fflush(stdout);

  std::atomic<bool> serving{true};
  std::atomic<bool> finished{false};
  std::thread waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    serving = false;
    // stop() is a no-op until the listener runs, and a signal can arrive between the
    // announcement and listen: keep asking until run() has returned.
    while (!finished) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  bool ok = server.run();
  finished = true;
  if (serving) pthread_kill(waiter.native_handle(), SIGTERM);  // the listener died on its own: release the waiter
  waiter.join();
  app->scheduler.stop();
  app.reset();
  curl_global_cleanup();
  return ok || !serving ? 0 : 1;
}
