// Test runner for the end-to-end suite: `--cli tofu|terraform|terraform-latest` picks the CLI
// under test (CTest registers every test case once per CLI); all other arguments go to Catch2.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--cli") == 0 && i + 1 < argc) {
      setenv("GENESYSEVENTS_E2E_CLI", argv[++i], 1);
      continue;
    }
    rest.push_back(argv[i]);
  }
  return Catch::Session().run(static_cast<int>(rest.size()), rest.data());
}
