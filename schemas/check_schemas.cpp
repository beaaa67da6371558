// Build step: loads every embedded schema and prints all problems at once, failing the build
// when there is any, so a broken schema never reaches a release.
#include <cstdio>

#include "mapping/provider.h"
#include "schemas/embedded_schemas.h"

int main() {
  auto provider = ge::mapping::Provider::create(ge::resources::embedded_schema_files());
  if (provider.ok()) return 0;
  for (const auto& m : provider.error().messages) std::fprintf(stderr, "schema error: %s\n", m.c_str());
  return 1;
}
