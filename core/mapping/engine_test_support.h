// Test-only: what the mapping suites share besides the client (engine_test_client.h): a schema
// loaded from its text, a ResourceEngine on an in-process fake API, the API's error body, and
// diagnostics as text. Included only by *_test.cpp files; it includes no test support itself
// (docs/design/layers.md), the fake API is the suite's.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "mapping/engine_test_client.h"
#include "mapping/resource_engine.h"
#include "schema/loader.h"

namespace ge::mapping::testing {

// The one schema in `text` (a schemas/*.json document), loaded once per text for the process;
// the test fails when it does not load.
inline const schema::ResourceSchema& schema_from(const char* text) {
  static std::map<std::string, schema::ResourceSchema> loaded;
  auto it = loaded.find(text);
  if (it == loaded.end()) {
    auto r = schema::load_schemas({{"test.json", text}});
    INFO(text);
    REQUIRE(r.ok());
    REQUIRE(r->size() == 1);
    it = loaded.emplace(text, r->at(0)).first;
  }
  return it->second;
}

// A ResourceEngine for `schema()` whose client (fake_api_client_config) talks to `api`, an
// `Api` built from the constructor's arguments. `Api` has a started tests/support TestServer
// member named `server` once constructed. `cancel` cancels the engine's waits and the client.
template <class Api, const schema::ResourceSchema& (*schema)()>
struct EngineHarness {
  template <class... ApiArgs>
  explicit EngineHarness(ApiArgs&&... api_args) : api(std::forward<ApiArgs>(api_args)...) {}

  Api api;
  std::shared_ptr<base::Cancellation> cancel = std::make_shared<base::Cancellation>();
  rest::Client client{fake_api_client_config(api.server.url()), cancel};
  ResourceEngine engine{schema(), client, *cancel};
};

// An error body as the API sends it (docs/reference/api-contract.md "Error body"); the entity
// fields only when given. The contextId names the status, never the code, so a check that the
// engine quotes the code cannot pass on the context id alone.
inline nlohmann::json api_error(int status, const std::string& code, const std::string& message,
                                const std::string& entity_id = "", const std::string& entity_name = "") {
  nlohmann::json e = {
      {"status", status}, {"code", code}, {"message", message}, {"contextId", "ctx-" + std::to_string(status)}};
  if (!entity_id.empty()) e["entityId"] = entity_id;
  if (!entity_name.empty()) e["entityName"] = entity_name;
  return e;
}

// Every diagnostic as one line, "[error] summary: detail" or "[warning] summary: detail", for
// INFO and Catch::Contains. The severity tags are lower case and bracketed so that a check for
// a word the diagnostic should quote (e.g. a reported state "ERROR") never matches the tag.
inline std::string text_of(const base::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += (d.severity == base::Severity::kError ? "[error] " : "[warning] ") + d.summary + ": " + d.detail + "\n";
  }
  return out;
}

}  // namespace ge::mapping::testing
