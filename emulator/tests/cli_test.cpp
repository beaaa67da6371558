// Command line, announcement line, TLS serving and clean shutdown.
#include "support/emulator_process.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>
#include <sys/wait.h>

using namespace ge::test_support;

namespace {

int run_status(const std::string& args) {
  int status = std::system((emulator_binary() + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("first stdout line announces the actual address", "[emulator][cli]") {
  EmulatorProcess emu;
  CHECK(std::regex_match(emu.announcement(), std::regex(R"(genesys-emulator listening on http://127\.0\.0\.1:\d+)")));
  CHECK(emu.url().rfind(":0") == std::string::npos);
  CHECK(emu.control("GET", "/emulator/config").status == 200);
}

TEST_CASE("SIGTERM stops the emulator cleanly", "[emulator][cli]") {
  EmulatorProcess emu;
  REQUIRE(emu.get("/api/v2/events/webhooks").status == 200);
  CHECK(emu.stop() == 0);
}

TEST_CASE("TLS mode serves https with the given certificate", "[emulator][cli]") {
  const auto& tls = process_tls_files();
  EmulatorProcess emu({"--tls-cert", tls.cert_file(), "--tls-key", tls.key_file()}, tls.ca_file());
  CHECK(emu.url().rfind("https://127.0.0.1:", 0) == 0);
  auto res = emu.get("/api/v2/eventbridge/topics");
  CHECK(res.status == 200);
  CHECK(res.body["total"].get<int>() >= 2);
}

TEST_CASE("bad arguments exit with status 2, --help with 0", "[emulator][cli]") {
  CHECK(run_status("--port abc") == 2);
  CHECK(run_status("--port 70000") == 2);
  CHECK(run_status("--bogus") == 2);
  CHECK(run_status("--tls-cert only.pem") == 2);
  CHECK(run_status("--help") == 0);
}
