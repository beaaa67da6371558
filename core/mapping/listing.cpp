#include "mapping/listing.h"

#include <optional>
#include <regex>

#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "mapping/json_fields.h"

namespace ge::mapping {
namespace {

using nlohmann::json;
using value::Type;
using value::Value;

// The known, non-null string `config` holds for `a`, if any.
std::optional<std::string> known_string(const Value& config, const schema::Attribute& a) {
  if (config.is_null() || !config.is_known()) return std::nullopt;
  const Value& v = config.attribute(a.name);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.as_string();
}

// The compiled pattern, or nullopt with an error naming the attribute.
std::optional<std::regex> compile(const schema::Attribute& a, const std::string& pattern, base::Diagnostics& diags) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    diags.error("Invalid regular expression",
                "`" + a.name + "` must be a valid regular expression (ECMAScript syntax), got \"" + pattern +
                    "\": " + e.what() + ".",
                base::AttributePath(a.name));
    return std::nullopt;
  }
}

}  // namespace

void validate_regex_filters(const schema::ResourceSchema& schema, const Value& config, base::Diagnostics& diags) {
  for (const schema::Attribute& a : schema.attributes) {
    if (a.regex_filter.empty()) continue;
    if (auto pattern = known_string(config, a)) compile(a, *pattern, diags);
  }
}

Value read_list(const schema::ResourceSchema& schema, rest::Client& client, const Value& config,
                base::Diagnostics& diags) {
  struct Filter {
    std::string field;
    std::regex pattern;
  };
  std::vector<Filter> filters;
  for (const schema::Attribute& a : schema.attributes) {
    if (a.regex_filter.empty()) continue;
    auto pattern = known_string(config, a);
    if (!pattern) continue;
    auto compiled = compile(a, *pattern, diags);
    if (!compiled) return Value::null(schema.object_type());
    filters.push_back({a.regex_filter, std::move(*compiled)});
  }
  auto all = client.list_all(schema.api.collection_path, schema.api.list_query);
  if (!all.ok()) {
    diags.add(api_error_diagnostic(schema, "read", all.error()));
    return Value::null(schema.object_type());
  }
  json listed = json::array();
  for (json& e : *all) {
    bool kept = true;
    for (const Filter& f : filters) kept = kept && std::regex_search(string_at(e, f.field), f.pattern);
    if (kept) listed.push_back(std::move(e));
  }
  Value state = from_api(schema, json{{"entities", listed}}, config);
  for (const schema::Attribute& a : schema.attributes) {
    if (!a.element_field.empty()) {
      std::vector<Value> values;
      for (const json& e : listed) {
        values.push_back(field_at(e, a.element_field) ? Value::string(string_at(e, a.element_field))
                                                      : Value::null(Type::string()));
      }
      state = state.with_attribute(a.name, Value::list(Type::string(), std::move(values)));
    } else if (a.api_field == "entities" && state.attribute(a.name).is_null()) {
      // from_api reads an empty collection as null; an empty org lists nothing, and for_each
      // over an empty list is fine where over null it is an error.
      const Type& element = a.type.element();
      state = state.with_attribute(
          a.name, a.type.kind() == Type::Kind::kSet ? Value::set(element, {}) : Value::list(element, {}));
    }
  }
  return state;
}

}  // namespace ge::mapping
