// Every resource example (examples/resources/<type>/resource.tf, the "Example Usage" of the
// generated pages) applied end to end with the real CLI. The examples are found by listing the
// folder, so a new resource's example is tested with no edit here: apply, a clean second plan,
// `state rm` and import of every resource followed by a clean plan, destroy, and nothing of the
// example's kinds left in the emulator.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

std::vector<fs::path> resource_example_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(fs::path(GE_SOURCE_DIR) / "examples" / "resources")) {
    if (fs::exists(entry.path() / "resource.tf")) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// The resource schemas (schemas/*.json of kind "resource"), by type name.
std::map<std::string, json> resource_schemas() {
  std::map<std::string, json> schemas;
  for (const auto& entry : fs::directory_iterator(fs::path(GE_SOURCE_DIR) / "schemas")) {
    if (entry.path().extension() != ".json") continue;
    json schema = json::parse(read_file(entry.path()));
    if (schema.value("kind", "") == "resource") schemas[schema.at("type_name").get<std::string>()] = schema;
  }
  return schemas;
}

// Whether an attribute is, or holds at any depth, a secret the API never returns
// (docs/design/schema-files.md): import cannot restore it, so the first apply after an import
// sends it again.
bool holds_secret(const json& attribute) {
  if (attribute.value("secret", false)) return true;
  const json nested_attributes = attribute.value("attributes", json::object());
  for (const auto& [name, nested] : nested_attributes.items()) {
    if (holds_secret(nested)) return true;
  }
  return false;
}

// The example with every https://<host>.example.com endpoint moved to the receiver (same path),
// so the emulator's calls to it (a target's verification) succeed.
std::string pointed_at(const std::string& example, const HttpsReceiver& receiver) {
  return std::regex_replace(example, std::regex(R"(https://[A-Za-z0-9.-]+\.example\.com)"), receiver.url(""));
}

// A terraform.tfvars giving each variable the example declares a string value long enough for
// the secrets' length rules (a signing key takes 16 to 256 characters).
std::string tfvars_for(const std::string& example) {
  static const std::regex declaration(R"re(variable\s+"([A-Za-z0-9_-]+)")re");
  std::string tfvars;
  for (std::sregex_iterator it(example.begin(), example.end(), declaration), end; it != end; ++it) {
    const std::string name = (*it)[1].str();
    tfvars += name + " = \"example-" + name + "-0123456789abcdef\"\n";
  }
  return tfvars;
}

bool declares_ephemeral_variable(const std::string& example) {
  return std::regex_search(example, std::regex(R"(ephemeral\s*=\s*true)"));
}

}  // namespace

TEST_CASE("examples: every resource example applies, plans clean, imports, destroys", "[examples]") {
  const auto schemas = resource_schemas();
  for (const fs::path& dir : resource_example_dirs()) {
    DYNAMIC_SECTION(dir.filename().string()) {
      const std::string example = read_file(dir / "resource.tf");
      Workspace ws;
      if (declares_ephemeral_variable(example) && !ws.cli_supports_write_only()) {
        WARN(dir.filename().string() + " skipped: its write-only arguments need OpenTofu or Terraform >= 1.11");
        continue;
      }
      HttpsReceiver receiver;
      Emulator emu(Emulator::Options{.trust_file = receiver.ca_file(), .extra_args = {}});
      ws.use_emulator(emu);
      ws.write("main.tf", pointed_at(example, receiver));
      ws.write("terraform.tfvars", tfvars_for(example));
      ws.init();

      auto applied = ws.apply();
      INFO(applied.all());
      REQUIRE(applied.exit_code == 0);
      CHECK(ws.plan_exit_code() == 0);

      std::set<std::string> types;
      std::vector<std::string> addresses;
      for (const auto& [address, resource] : ws.resources()) {
        if (resource.at("mode") != "managed") continue;
        addresses.push_back(address);
        types.insert(resource.at("type").get<std::string>());
      }
      REQUIRE_FALSE(addresses.empty());

      for (const std::string& type : types) {
        INFO(type);
        REQUIRE(schemas.count(type) == 1);
      }

      for (const std::string& address : addresses) reimport(ws, address);
      // Import cannot restore what the API never returns: a secret (the schema's import note) and
      // the configuration-only timeouts block. Those, and only those, may differ, updated in place.
      auto planned = ws.run({"plan", "-no-color", "-out=after-import.tfplan"});
      INFO(planned.all());
      REQUIRE(planned.exit_code == 0);
      auto shown = ws.run({"show", "-json", "-no-color", "after-import.tfplan"});
      INFO(shown.all());
      REQUIRE(shown.exit_code == 0);
      bool changes = false;
      const json plan = json::parse(shown.out);
      for (const auto& change : plan.value("resource_changes", json::array())) {
        const json& actions = change.at("change").at("actions");
        if (actions == json::array({"no-op"}) || actions == json::array({"read"})) continue;
        INFO(change.dump(2));
        REQUIRE(actions == json::array({"update"}));
        changes = true;
        const json& attributes = schemas.at(change.at("type").get<std::string>()).at("attributes");
        const json& before = change["change"]["before"];
        const json& after = change["change"]["after"];
        for (const auto& [name, value] : after.items()) {
          if (before.value(name, json()) == value) continue;
          INFO(name);
          CHECK((name == "timeouts" || (attributes.contains(name) && holds_secret(attributes[name]))));
        }
      }
      if (changes) {
        auto resent = ws.apply();
        INFO(resent.all());
        REQUIRE(resent.exit_code == 0);
        CHECK(resent.out.find(" 0 added") != std::string::npos);
        CHECK(resent.out.find(" 0 destroyed") != std::string::npos);
      }
      CHECK(ws.plan_exit_code() == 0);

      auto destroyed = ws.run({"destroy", "-auto-approve", "-no-color"});
      INFO(destroyed.all());
      REQUIRE(destroyed.exit_code == 0);
      for (const std::string& type : types) {
        INFO(type);
        // The collection as the resource lists it (`list_query`: integrations of its type only).
        const json& api = schemas.at(type).at("api");
        std::string collection = api.at("collection_path").get<std::string>();
        char separator = '?';
        const json list_query = api.value("list_query", json::object());
        for (const auto& [name, value] : list_query.items()) {
          collection += separator + name + "=" + value.get<std::string>();
          separator = '&';
        }
        CHECK(emu.list(collection).empty());
      }
    }
  }
}
