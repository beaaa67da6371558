#include "value/json.h"

#include "value/error_path.h"
#include "value/json_text.h"

namespace ge::value {
namespace {

using detail::JsonNode;
using K = JsonNode::Kind;

class Decoder {
 public:
  explicit Decoder(JsonDecodeOptions opts) : opts_(opts) {}

  base::Result<Value> decode(const JsonNode& n, const Type& type) {
    // unmarshal.go checks for null before looking at the type, so a null dynamic stays dynamic.
    if (n.kind == K::kNull) return Value::null(type);
    switch (type.kind()) {
      case Type::Kind::kDynamic: return dynamic(n);
      case Type::Kind::kString:
        if (n.kind == K::kString || n.kind == K::kNumber) return Value::string(n.text);
        if (n.kind == K::kBool) return Value::string(n.boolean ? "true" : "false");
        return fail("a string is required");
      case Type::Kind::kNumber:
        if (n.kind == K::kNumber || n.kind == K::kString) {
          auto num = Number::from_string(n.text);
          if (!num.ok()) return fail("a number is required, got \"" + n.text + "\"");
          return Value::number(std::move(*num));
        }
        return fail("a number is required");
      case Type::Kind::kBool:
        if (n.kind == K::kBool) return Value::boolean(n.boolean);
        if (n.kind == K::kString && (n.text == "true" || n.text == "false")) return Value::boolean(n.text == "true");
        return fail("a bool is required");
      case Type::Kind::kList:
      case Type::Kind::kSet:
      case Type::Kind::kTuple: return sequence(n, type);
      case Type::Kind::kMap: return map(n, type.element());
      case Type::Kind::kObject: return object(n, type);
    }
    return fail("unsupported type");
  }

 private:
  base::Result<Value> sequence(const JsonNode& n, const Type& type) {
    const bool tuple = type.kind() == Type::Kind::kTuple;
    if (n.kind != K::kArray) {
      return fail(tuple                              ? "a tuple is required"
                  : type.kind() == Type::Kind::kList ? "a list is required"
                                                     : "a set is required");
    }
    if (tuple && n.items.size() != type.elements().size()) {
      return fail("a tuple of length " + std::to_string(type.elements().size()) + " is required (" +
                  std::to_string(n.items.size()) + " given)");
    }
    Value::Elements out;
    out.reserve(n.items.size());
    for (size_t i = 0; i < n.items.size(); ++i) {
      auto step = path_.index(i);
      auto e = decode(n.items[i], tuple ? type.elements()[i] : type.element());
      if (!e.ok()) return e;
      out.push_back(std::move(*e));
    }
    if (tuple) return Value::tuple(std::move(out));
    if (type.kind() == Type::Kind::kList) return Value::list(type.element(), std::move(out));
    return Value::set(type.element(), std::move(out));
  }

  base::Result<Value> map(const JsonNode& n, const Type& element) {
    if (n.kind != K::kObject) return fail("a map is required");
    Value::Entries out;
    for (const auto& [k, sub] : n.members) {
      auto step = path_.key(k);
      auto e = decode(sub, element);
      if (!e.ok()) return e;
      out.insert_or_assign(k, std::move(*e));
    }
    return Value::map(element, std::move(out));
  }

  base::Result<Value> object(const JsonNode& n, const Type& type) {
    if (n.kind != K::kObject) return fail("an object is required");
    const auto& attrs = type.attributes();
    Value::Entries out;
    for (const auto& [k, sub] : n.members) {
      const auto it = attrs.find(k);
      if (it == attrs.end()) {
        if (opts_.ignore_unknown_attributes) continue;
        return fail("unsupported attribute \"" + k + "\"");
      }
      auto step = path_.attribute(k);
      auto e = decode(sub, it->second);
      if (!e.ok()) return e;
      out.insert_or_assign(k, std::move(*e));
    }
    // unmarshal.go unmarshalObject: attributes absent from the document are null.
    for (const auto& [name, aty] : attrs) {
      if (!out.count(name)) out.emplace(name, Value::null(aty));
    }
    return Value::object(type, std::move(out));
  }

  // marshal.go marshalDynamic: {"value": <value>, "type": <type JSON>}, keys in any order.
  base::Result<Value> dynamic(const JsonNode& n) {
    if (n.kind != K::kObject) return fail("a dynamic value must be an object with \"value\" and \"type\"");
    const JsonNode* value = nullptr;
    const JsonNode* type_json = nullptr;
    for (const auto& [k, sub] : n.members) {
      if (k == "value") {
        value = &sub;
      } else if (k == "type") {
        type_json = &sub;
      } else {
        return fail("invalid key \"" + k + "\" in dynamically-typed value");
      }
    }
    if (!type_json) return fail("missing type in dynamically-typed value");
    if (!value) return fail("missing value in dynamically-typed value");
    auto type = detail::type_from_json_node(*type_json);
    if (!type.ok()) return fail(type.error().message());
    return decode(*value, *type);
  }

  base::Status fail(std::string_view problem) const { return path_.fail(problem); }

  JsonDecodeOptions opts_;
  detail::ErrorPath path_{"json value"};
};

class Encoder {
 public:
  base::Status encode(std::string& out, const Value& v, const Type& type) {
    // marshal.go rejects unknowns before it considers the dynamic wrapper.
    if (!v.is_known()) return fail("value is not known; JSON cannot represent unknown values");
    const Type::Kind have = v.type().kind();
    if (type.is_dynamic() && have != Type::Kind::kDynamic) {
      out += "{\"value\":";
      if (auto s = encode(out, v, v.type()); !s.ok()) return s;
      out += ",\"type\":" + v.type().to_json() + "}";
      return {};
    }
    if (v.is_null()) {
      out += "null";
      return {};
    }
    switch (type.kind()) {
      case Type::Kind::kString:
        if (have == Type::Kind::kString) return string(out, v.as_string());
        if (have == Type::Kind::kNumber) return string(out, v.as_number().to_string());
        if (have == Type::Kind::kBool) return string(out, v.as_bool() ? "true" : "false");
        break;
      case Type::Kind::kNumber:
        if (have == Type::Kind::kNumber) return number(out, v.as_number());
        if (have == Type::Kind::kString) {
          if (auto n = Number::from_string(v.as_string()); n.ok()) return number(out, *n);
        }
        break;
      case Type::Kind::kBool:
        if (have == Type::Kind::kBool ||
            (have == Type::Kind::kString && (v.as_string() == "true" || v.as_string() == "false"))) {
          out += (have == Type::Kind::kBool ? v.as_bool() : v.as_string() == "true") ? "true" : "false";
          return {};
        }
        break;
      case Type::Kind::kList:
      case Type::Kind::kSet:
      case Type::Kind::kTuple:
        if (have == Type::Kind::kList || have == Type::Kind::kSet || have == Type::Kind::kTuple) {
          const bool tuple = type.kind() == Type::Kind::kTuple;
          if (tuple && v.elements().size() != type.elements().size()) break;
          out += '[';
          for (size_t i = 0; i < v.elements().size(); ++i) {
            if (i > 0) out += ',';
            auto step = path_.index(i);
            if (auto s = encode(out, v.elements()[i], tuple ? type.elements()[i] : type.element()); !s.ok()) return s;
          }
          out += ']';
          return {};
        }
        break;
      case Type::Kind::kMap:
        if (have == Type::Kind::kMap || have == Type::Kind::kObject) {
          out += '{';
          bool first = true;
          for (const auto& [k, e] : v.entries()) {
            if (!first) out += ',';
            first = false;
            detail::append_json_string(out, k);
            out += ':';
            auto step = path_.key(k);
            if (auto s = encode(out, e, type.element()); !s.ok()) return s;
          }
          out += '}';
          return {};
        }
        break;
      case Type::Kind::kObject:
        if (have == Type::Kind::kMap || have == Type::Kind::kObject) {
          out += '{';
          bool first = true;
          for (const auto& [name, aty] : type.attributes()) {
            if (!first) out += ',';
            first = false;
            detail::append_json_string(out, name);
            out += ':';
            auto step = path_.attribute(name);
            if (auto s = encode(out, v.attribute(name), aty); !s.ok()) return s;
          }
          out += '}';
          return {};
        }
        break;
      case Type::Kind::kDynamic: break;
    }
    return fail("a " + v.type().to_json() + " value does not conform to type " + type.to_json());
  }

 private:
  static base::Status string(std::string& out, std::string_view s) {
    detail::append_json_string(out, s);
    return {};
  }
  base::Status number(std::string& out, const Number& n) {
    if (n.is_infinite()) return fail("cannot serialize infinity as JSON");
    out += n.to_string();
    return {};
  }
  base::Status fail(std::string_view problem) const { return path_.fail(problem); }

  detail::ErrorPath path_{"json value"};
};

}  // namespace

base::Result<Value> decode_json(std::string_view json, const Type& type, JsonDecodeOptions opts) {
  auto doc = detail::parse_json(json);
  if (!doc.ok()) return doc.error();
  return Decoder(opts).decode(*doc, type);
}

base::Result<std::string> encode_json(const Value& v, const Type& type) {
  std::string out;
  if (auto s = Encoder().encode(out, v, type); !s.ok()) return s;
  return out;
}

}  // namespace ge::value
