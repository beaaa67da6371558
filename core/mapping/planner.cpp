#include "mapping/planner.h"

#include "mapping/api_codec.h"

namespace ge::mapping {
namespace {

using schema::Attribute;
using schema::Nesting;
using value::Type;
using value::Value;

bool present(const Value& v) { return !v.is_null() || !v.is_known(); }

const Value& attr_or_null(const Value& object, const Attribute& a, Value& storage) {
  if (object.is_null() || !object.is_known()) {
    storage = Value::null(a.type);
    return storage;
  }
  return object.attribute(a.name);
}

Value plan_object(const std::vector<Attribute>& attrs, const Type& type, const Value& prior, const Value& config,
                  bool create);

// A nested object whose children all have defaults can be planned whole when unset.
std::optional<Value> synthesized_default(const Attribute& a) {
  if (a.nesting != Nesting::kSingle) return std::nullopt;
  std::map<std::string, Value> fields;
  for (const Attribute& c : a.attributes) {
    if (c.default_value) fields.emplace(c.name, *c.default_value);
    else if (!c.computed) fields.emplace(c.name, Value::null(c.type));
    else return std::nullopt;
  }
  return Value::object(a.type, std::move(fields));
}

Value plan_collection_element(const Attribute& a, const Value& element) {
  if (!element.is_known() || element.is_null()) return element;
  return plan_object(a.attributes, a.type.element(), Value::null(a.type.element()), element, true);
}

Value plan_attribute(const Attribute& a, const Value& prior, const Value& config, bool create) {
  if (a.write_only) return Value::null(a.type);
  if (present(config)) {
    if (!config.is_known()) return config;
    switch (a.nesting) {
      case Nesting::kNone:
        if (a.json != schema::JsonEncoding::kNone && !prior.is_null() && prior.is_known() &&
            json_text_equal(prior.as_string(), config.as_string())) {
          return prior;
        }
        return config;
      case Nesting::kSingle: return plan_object(a.attributes, a.type, prior, config, create);
      case Nesting::kList:
      case Nesting::kSet: {
        std::vector<Value> items;
        for (const Value& e : config.elements()) items.push_back(plan_collection_element(a, e));
        return a.nesting == Nesting::kList ? Value::list(a.type.element(), std::move(items))
                                           : Value::set(a.type.element(), std::move(items));
      }
      case Nesting::kMap: {
        std::map<std::string, Value> items;
        for (const auto& [k, e] : config.entries()) items.emplace(k, plan_collection_element(a, e));
        return Value::map(a.type.element(), std::move(items));
      }
    }
  }
  if (!a.computed) return Value::null(a.type);
  if (a.default_value) return *a.default_value;
  if (a.optional) {
    if (auto d = synthesized_default(a)) return *d;
  }
  if (create) return Value::unknown(a.type);
  // On update a null prior stays null (an API field the object does not hold, such as an ACTIVE
  // integration's state message): unknown would show a change on every plan.
  return prior;  // computed-only attributes are revisited once we know whether anything changed
}

Value plan_object(const std::vector<Attribute>& attrs, const Type& type, const Value& prior, const Value& config,
                  bool create) {
  std::map<std::string, Value> out;
  for (const Attribute& a : attrs) {
    Value p_storage, c_storage;
    const Value& p = attr_or_null(prior, a, p_storage);
    const Value& c = attr_or_null(config, a, c_storage);
    out.emplace(a.name, plan_attribute(a, p, c, create));
  }
  return Value::object(type, std::move(out));
}

}  // namespace

Plan plan_resource(const schema::ResourceSchema& schema, const Value& prior, const Value& config) {
  const bool create = prior.is_null();
  Plan plan;
  plan.planned = plan_object(schema.attributes, schema.object_type(), prior, config, create);
  if (schema.timeouts) {
    plan.planned = plan.planned.with_attribute("timeouts", config.attribute("timeouts"));
  }
  if (create) return plan;

  // Did anything the user controls change? Only then may server-maintained values change too.
  bool changed = false;
  for (const Attribute& a : schema.attributes) {
    if (a.computed && !a.optional) continue;
    const Value& before = prior.attribute(a.name);
    const Value& after = plan.planned.attribute(a.name);
    if (!(before == after)) {
      changed = true;
      if (a.force_new) plan.requires_replace.emplace_back(a.name);
    }
  }
  if (changed) {
    for (const Attribute& a : schema.attributes) {
      if (a.computed && !a.optional && !a.stable) {
        plan.planned = plan.planned.with_attribute(a.name, Value::unknown(a.type));
      }
    }
  }
  return plan;
}

}  // namespace ge::mapping
