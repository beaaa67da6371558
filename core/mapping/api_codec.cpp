#include "mapping/api_codec.h"

#include <charconv>
#include <regex>

#include "mapping/json_fields.h"

namespace ge::mapping {
namespace {

using nlohmann::json;
using schema::Attribute;
using schema::JsonEncoding;
using schema::Nesting;
using value::Type;
using value::Value;

// Writes `v` at a dotted api path ("a.b"), making the objects on the way (field_at reads one).
void set_path(json& object, const std::string& path, json v) {
  json* cur = &object;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    if (dot == std::string::npos) {
      (*cur)[path.substr(start)] = std::move(v);
      return;
    }
    cur = &(*cur)[path.substr(start, dot - start)];
    start = dot + 1;
  }
}

json number_to_json(const value::Number& n) {
  if (auto i = n.as_int64()) return *i;
  return n.as_double();
}

json primitive_to_json(const Value& v) {
  if (v.is_null()) return nullptr;
  switch (v.type().kind()) {
    case Type::Kind::kString: return v.as_string();
    case Type::Kind::kNumber: return number_to_json(v.as_number());
    case Type::Kind::kBool: return v.as_bool();
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      json arr = json::array();
      for (const Value& e : v.elements()) arr.push_back(primitive_to_json(e));
      return arr;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      json obj = json::object();
      for (const auto& [k, e] : v.entries()) obj[k] = primitive_to_json(e);
      return obj;
    }
    case Type::Kind::kDynamic: break;
  }
  return nullptr;
}

json object_to_api(const std::vector<Attribute>& attrs, const Value& planned, const Value& config);

json attribute_to_api(const Attribute& a, const Value& v, const Value& config) {
  if (a.json == JsonEncoding::kObject) return json::parse(v.as_string(), nullptr, false);
  switch (a.nesting) {
    case Nesting::kNone: return primitive_to_json(v);
    case Nesting::kSingle: return object_to_api(a.attributes, v, config);
    case Nesting::kList:
    case Nesting::kSet: {
      json arr = json::array();
      for (const Value& e : v.elements()) arr.push_back(object_to_api(a.attributes, e, Value::null(e.type())));
      return arr;
    }
    case Nesting::kMap: {
      json obj = json::object();
      for (const auto& [k, e] : v.entries()) obj[k] = object_to_api(a.attributes, e, Value::null(e.type()));
      return obj;
    }
  }
  return nullptr;
}

json object_to_api(const std::vector<Attribute>& attrs, const Value& planned, const Value& config) {
  json out = json::object();
  for (const Attribute& a : attrs) {
    if (a.api_field.empty()) continue;
    if (a.computed && !a.optional) continue;  // read-only in the API
    const Value& source = a.write_only ? config : planned;
    if (source.is_null() || source.type().kind() != Type::Kind::kObject) continue;
    const Value& v = source.attribute(a.name);
    if (v.is_null() || !v.is_known()) continue;
    Value child_config = config.is_null() || config.type().kind() != Type::Kind::kObject ? Value::null(v.type())
                                                                                         : config.attribute(a.name);
    json api_value = attribute_to_api(a, v, child_config);
    if (!a.api_values.empty()) {
      auto spelled = a.api_values.find(schema::scalar_text(v));
      if (spelled != a.api_values.end()) api_value = spelled->second;
    }
    set_path(out, a.api_field, std::move(api_value));
  }
  return out;
}

Value primitive_from_json(const Type& t, const json& j) {
  if (j.is_null()) return Value::null(t);
  switch (t.kind()) {
    case Type::Kind::kString: return Value::string(j.is_string() ? j.get<std::string>() : j.dump());
    case Type::Kind::kNumber:
      if (j.is_number_unsigned()) return Value::number(value::Number::from_uint(j.get<uint64_t>()));
      if (j.is_number_integer()) return Value::number(value::Number::from_int(j.get<int64_t>()));
      if (j.is_number_float()) return Value::number(value::Number::from_double(j.get<double>()));
      return Value::null(t);
    case Type::Kind::kBool: return j.is_boolean() ? Value::boolean(j.get<bool>()) : Value::null(t);
    case Type::Kind::kList:
    case Type::Kind::kSet: {
      if (!j.is_array()) return Value::null(t);
      std::vector<Value> items;
      for (const json& e : j) items.push_back(primitive_from_json(t.element(), e));
      return t.kind() == Type::Kind::kList ? Value::list(t.element(), std::move(items))
                                           : Value::set(t.element(), std::move(items));
    }
    case Type::Kind::kMap: {
      if (!j.is_object()) return Value::null(t);
      std::map<std::string, Value> items;
      for (const auto& [k, e] : j.items()) items.emplace(k, primitive_from_json(t.element(), e));
      return Value::map(t.element(), std::move(items));
    }
    default: return Value::null(t);
  }
}

bool is_empty_collection(const Value& v) {
  if (v.is_null() || !v.is_known()) return false;
  switch (v.type().kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet: return v.elements().empty();
    case Type::Kind::kMap: return v.entries().empty();
    default: return false;
  }
}

Value object_from_api(const std::vector<Attribute>& attrs, const Type& type, const json& object, const Value& prior);

// Whether a nested object holds a secret the API never returns (so the API may omit the whole
// object once nothing else is left in it, e.g. a JWT target's authConfig): a secret prior
// holds, or a write-only child (whose value state never holds) of an object prior holds.
bool holds_secret(const Attribute& a, const Value& prior) {
  if (a.nesting != Nesting::kSingle || prior.is_null() || !prior.is_known()) return false;
  for (const Attribute& c : a.attributes) {
    if (c.secret && !prior.attribute(c.name).is_null()) return true;
    if (c.write_only) return true;
  }
  return false;
}

// An API value spelled through `api_values` ("ENABLED") as the Terraform value it stands for;
// null when the API holds a value outside the map.
Value from_api_spelling(const Attribute& a, const json& j) {
  for (const auto& [text, spelled] : a.api_values) {
    if (j != spelled) continue;
    if (a.type.kind() == Type::Kind::kBool) return Value::boolean(text == "true");
    if (a.type.kind() == Type::Kind::kString) return Value::string(text);
  }
  return Value::null(a.type);
}

Value attribute_from_api(const Attribute& a, const json& j, const Value& prior) {
  if (!a.empty_alias.empty() && j.is_string() && j.get<std::string>() == a.empty_alias) return Value::string("");
  if (!a.api_values.empty() && !j.is_null()) return from_api_spelling(a, j);
  if (j.is_null() && holds_secret(a, prior)) return object_from_api(a.attributes, a.type, json::object(), prior);
  if (j.is_null()) return Value::null(a.type);
  if (a.json != JsonEncoding::kNone) {
    std::string text = a.json == JsonEncoding::kObject ? j.dump() : (j.is_string() ? j.get<std::string>() : j.dump());
    if (!prior.is_null() && prior.is_known() && json_text_equal(prior.as_string(), text)) return prior;
    return Value::string(text);
  }
  switch (a.nesting) {
    case Nesting::kNone: return primitive_from_json(a.type, j);
    case Nesting::kSingle: return object_from_api(a.attributes, a.type, j, prior);
    case Nesting::kList:
    case Nesting::kSet: {
      if (!j.is_array()) return Value::null(a.type);
      const Type& element = a.type.element();
      std::vector<Value> items;
      for (size_t i = 0; i < j.size(); ++i) {
        // List elements line up with prior's by position (for secrets inside them); set elements cannot.
        Value p = Value::null(element);
        if (a.nesting == Nesting::kList && !prior.is_null() && prior.is_known() && i < prior.elements().size()) {
          p = prior.elements()[i];
        }
        items.push_back(object_from_api(a.attributes, element, j[i], p));
      }
      return a.nesting == Nesting::kList ? Value::list(element, std::move(items))
                                         : Value::set(element, std::move(items));
    }
    case Nesting::kMap: {
      if (!j.is_object()) return Value::null(a.type);
      std::map<std::string, Value> items;
      for (const auto& [k, e] : j.items())
        items.emplace(k, object_from_api(a.attributes, a.type.element(), e, Value::null(a.type.element())));
      return Value::map(a.type.element(), std::move(items));
    }
  }
  return Value::null(a.type);
}

Value object_from_api(const std::vector<Attribute>& attrs, const Type& type, const json& object, const Value& prior) {
  if (!object.is_object()) return Value::null(type);
  std::map<std::string, Value> out;
  for (const Attribute& a : attrs) {
    Value p = prior.is_null() || !prior.is_known() ? Value::null(a.type) : prior.attribute(a.name);
    if (a.write_only) {
      out.emplace(a.name, Value::null(a.type));
    } else if (a.api_field.empty() || a.secret) {
      // Never returned by the API: keep what state holds; on import fall back to the default.
      out.emplace(a.name, p.is_null() && a.default_value && !a.secret ? *a.default_value : p);
    } else {
      const json* j = field_at(object, a.api_field);
      Value v = attribute_from_api(a, j ? *j : json(nullptr), p);
      if (is_empty_collection(v) && p.is_null()) v = Value::null(a.type);
      out.emplace(a.name, std::move(v));
    }
  }
  return Value::object(type, std::move(out));
}

}  // namespace

bool json_text_equal(const std::string& a, const std::string& b) {
  json x = json::parse(a, nullptr, false);
  json y = json::parse(b, nullptr, false);
  if (x.is_discarded() || y.is_discarded()) return a == b;
  return x == y;
}

json to_api(const std::vector<Attribute>& attrs, const Value& planned, const Value& config) {
  return object_to_api(attrs, planned, config);
}

Value from_api(const schema::ResourceSchema& schema, const json& object, const Value& prior) {
  Value state = object_from_api(schema.attributes, schema.object_type(), object, prior);
  if (schema.timeouts) {
    state = state.with_attribute("timeouts",
                                 prior.is_null() ? Value::null(schema::timeouts_type()) : prior.attribute("timeouts"));
  }
  return state;
}

base::AttributePath attribute_path_for_api_field(const std::vector<Attribute>& attrs, const std::string& api_field) {
  // Split "filters[0].conditions[1].value" into steps: names and indexes.
  static const std::regex step(R"(([A-Za-z0-9_]+)(\[([0-9]+)\])?)");
  base::AttributePath path;
  const std::vector<Attribute>* level = &attrs;
  std::string rest = api_field;
  for (auto it = std::sregex_iterator(rest.begin(), rest.end(), step); it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    const Attribute* match = nullptr;
    if (level) {
      for (const Attribute& a : *level) {
        if (a.api_field == name || (a.api_field.rfind(name + ".", 0) == 0)) match = &a;
      }
    }
    if (!match) return path;
    path = path.empty() ? base::AttributePath(match->name) : path.attribute(match->name);
    if ((*it)[3].matched) {
      // The field name comes from the API: an index too large for int64 blames the attribute.
      const std::string digits = (*it)[3];
      int64_t index = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (ec != std::errc() || end != digits.data() + digits.size()) return path;
      path = path.index(index);
    }
    level = match->attributes.empty() ? nullptr : &match->attributes;
  }
  return path;
}

}  // namespace ge::mapping
