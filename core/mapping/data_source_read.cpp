// Data sources: one object by id or by name, or a whole collection.
#include "base/text.h"
#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "mapping/json_fields.h"
#include "mapping/listing.h"
#include "mapping/resource_engine.h"

namespace ge::mapping {

using nlohmann::json;
using value::Value;

Value ResourceEngine::read_data_source(const Value& config, base::Diagnostics& diags) {
  const Value null_state = Value::null(schema_.object_type());
  auto known_string = [&](const std::string& name) -> std::string {
    if (!schema_.find(name)) return "";
    const Value& v = config.attribute(name);
    return v.is_null() || !v.is_known() ? "" : v.as_string();
  };
  if (schema_.api.list) return read_list(schema_, client_, config, diags);
  json object;
  // The attribute whose value names the object in item_path (api.id_attribute, default `id`).
  const std::string& id_attribute = schema_.api.id_attribute;
  if (!schema_.api.item_path.empty() && schema_.api.item_path.find("{id}") == std::string::npos) {
    // One fixed object (the organization): no lookup.
    auto res = client_.send({"GET", schema_.api.item_path, {}, std::nullopt});
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "read", res.error()));
      return null_state;
    }
    object = std::move(res->body);
  } else if (std::string id = known_string(id_attribute); !id.empty()) {
    // A POST reads an answer the API computes on request (a target's health check).
    auto res = schema_.api.read_method == "POST" ? client_.send({"POST", item_path(id), {}, json::object()})
                                                 : fetch(id);
    if (!res.ok()) {
      if (res.error().http_status == 404) {
        const std::string what = id_attribute == "id" ? "this id" : "this `" + id_attribute + "`";
        diags.error("No " + schema_.type_name + " with " + id_attribute + " \"" + id + "\"",
                    "The API knows no object with " + what + " (" + schema_.api.read_method + " " + item_path(id) +
                        " answered 404).\nCorrelation id: " + res.error().correlation_id,
                    base::AttributePath(id_attribute));
      } else {
        diags.add(api_error_diagnostic(schema_, "read", res.error()));
      }
      return null_state;
    }
    object = std::move(res->body);
  } else if (const std::string field = schema_.api.name_lookup_field; !field.empty()) {
    // The attribute mapped to the lookup field holds the name to look for.
    std::string attribute;
    for (const auto& a : schema_.attributes) {
      if (a.api_field == field) attribute = a.name;
    }
    std::string name = known_string(attribute);
    auto query = schema_.api.list_query;
    query.emplace_back(field, name);
    auto found = client_.list_all(schema_.api.collection_path, query);
    if (!found.ok()) {
      diags.add(api_error_diagnostic(schema_, "look up", found.error()));
      return null_state;
    }
    // Names match exactly but case-insensitively (docs/reference/api-contract.md "Paging"); do
    // not rely on the server having filtered.
    std::vector<json> matches;
    for (auto& e : *found) {
      if (base::equal_ignoring_case(string_at(e, field), name)) matches.push_back(std::move(e));
    }
    if (matches.size() != 1) {
      std::string ids;
      for (const auto& m : matches) ids += (ids.empty() ? "" : ", ") + string_at(m, "id");
      diags.error(matches.empty() ? "No " + schema_.type_name + " named \"" + name + "\""
                                  : "Several " + schema_.type_name + " objects are named \"" + name + "\"",
                  matches.empty() ? "No object of this kind has that name (compared case-insensitively)."
                                  : "The name matches " + std::to_string(matches.size()) + " objects (" + ids +
                                        "); look it up by `id` instead.",
                  base::AttributePath(attribute));
      return null_state;
    }
    auto res = fetch(string_at(matches[0], "id"));
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "read", res.error()));
      return null_state;
    }
    object = std::move(res->body);
  } else {
    diags.error("Missing lookup", "Set `" + id_attribute + "` to choose the " + schema_.type_name + " to read.");
    return null_state;
  }
  return from_api(schema_, object, config);
}

}  // namespace ge::mapping
