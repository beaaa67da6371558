// Integration destinations (docs/reference/api-contract.md "Integration destinations").
#include "app.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "kinds.h"

#include <regex>

namespace genesys_emulator {
namespace {

const std::regex kRegion(R"([a-z]{2}(-gov)?-[a-z]+-\d)");

// authHeaderTemplate is a string that must itself parse as a JSON object whose
// values are all strings (placeholders like ${aws4_hmac_sha256} live inside them).
void check_auth_header_template(const std::string& text, FieldReader& r) {
  const std::string path = "webhookDestination.authHeaderTemplate";
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    r.add(path, "invalid.json", path + " must be a string holding a JSON object");
    return;
  }
  for (auto it = parsed.begin(); it != parsed.end(); ++it) {
    if (!it.value().is_string()) {
      r.add(path, "invalid.type", path + " must map header names to string values; '" + it.key() + "' is not a string");
      return;
    }
  }
}

nlohmann::json normalize(const nlohmann::json& body, FieldReader& r, App&) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 256})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  out["destinationType"] = r.string(body, "", "destinationType", {.one_of = {"eventbridge"}}).value_or("eventbridge");
  if (const auto* hook = r.object(body, "", "webhookDestination", true)) {
    nlohmann::json w = nlohmann::json::object();
    if (auto v = r.string(*hook, "webhookDestination", "url", {.required = true, .min_length = 1, .https = true}))
      w["url"] = *v;
    if (auto v = r.string(*hook, "webhookDestination", "authHeaderTemplate", {})) {
      check_auth_header_template(*v, r);
      w["authHeaderTemplate"] = *v;
    }
    w["batchSize"] = r.integer(*hook, "webhookDestination", "batchSize", {.min = 1, .max = 1000}).value_or(100);
    out["webhookDestination"] = w;
  }
  out["region"] = r.string(body, "", "region",
                           {.min_length = 1, .pattern = &kRegion, .pattern_text = R"(^[a-z]{2}(-gov)?-[a-z]+-\d$)"})
                      .value_or("us-east-1");
  return out;
}

}  // namespace

void register_destinations(App& app) {
  KindSpec spec;
  spec.kind = kDestinations;
  spec.label = "integration destination";
  spec.base_path = "/api/v2/integrations/destinations";
  spec.read_scope = "integration:destination:read";
  spec.write_scope = "integration:destination:write";
  spec.normalize = normalize;
  register_crud(app, spec);
}

}  // namespace genesys_emulator
