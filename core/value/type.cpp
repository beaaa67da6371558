#include "value/type.h"

#include "value/json_text.h"

namespace ge::value {

struct Type::Node {
  Kind kind;
  Type element;                            // list, set, map
  std::map<std::string, Type> attributes;  // object
  std::vector<Type> elements;              // tuple
};

namespace {

const Type& dynamic_type() {
  static const Type kDynamic;
  return kDynamic;
}

}  // namespace

Type Type::string() {
  static const auto node = std::make_shared<const Node>(Node{Kind::kString, {}, {}, {}});
  return Type(node);
}
Type Type::number() {
  static const auto node = std::make_shared<const Node>(Node{Kind::kNumber, {}, {}, {}});
  return Type(node);
}
Type Type::boolean() {
  static const auto node = std::make_shared<const Node>(Node{Kind::kBool, {}, {}, {}});
  return Type(node);
}
Type Type::dynamic() { return Type(); }
Type Type::list(Type element) {
  return Type(std::make_shared<const Node>(Node{Kind::kList, std::move(element), {}, {}}));
}
Type Type::set(Type element) {
  return Type(std::make_shared<const Node>(Node{Kind::kSet, std::move(element), {}, {}}));
}
Type Type::map(Type element) {
  return Type(std::make_shared<const Node>(Node{Kind::kMap, std::move(element), {}, {}}));
}
Type Type::object(std::map<std::string, Type> attributes) {
  return Type(std::make_shared<const Node>(Node{Kind::kObject, {}, std::move(attributes), {}}));
}
Type Type::tuple(std::vector<Type> elements) {
  return Type(std::make_shared<const Node>(Node{Kind::kTuple, {}, {}, std::move(elements)}));
}

Type::Kind Type::kind() const { return node_ ? node_->kind : Kind::kDynamic; }

bool Type::is_primitive() const {
  const Kind k = kind();
  return k == Kind::kString || k == Kind::kNumber || k == Kind::kBool;
}

const Type& Type::element() const {
  const Kind k = kind();
  if (k == Kind::kList || k == Kind::kSet || k == Kind::kMap) return node_->element;
  return dynamic_type();
}

const std::map<std::string, Type>& Type::attributes() const {
  static const std::map<std::string, Type> kNone;
  return kind() == Kind::kObject ? node_->attributes : kNone;
}

const std::vector<Type>& Type::elements() const {
  static const std::vector<Type> kNone;
  return kind() == Kind::kTuple ? node_->elements : kNone;
}

bool Type::operator==(const Type& other) const {
  if (node_ == other.node_) return true;
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
    case Kind::kDynamic: return true;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap: return element() == other.element();
    case Kind::kObject: return attributes() == other.attributes();
    case Kind::kTuple: return elements() == other.elements();
  }
  return false;
}

namespace {

void append_type_json(std::string& out, const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kString: out += "\"string\""; return;
    case Type::Kind::kNumber: out += "\"number\""; return;
    case Type::Kind::kBool: out += "\"bool\""; return;
    case Type::Kind::kDynamic: out += "\"dynamic\""; return;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kMap:
      out += t.kind() == Type::Kind::kList ? "[\"list\"," : t.kind() == Type::Kind::kSet ? "[\"set\"," : "[\"map\",";
      append_type_json(out, t.element());
      out += ']';
      return;
    case Type::Kind::kObject: {
      // std::map orders keys bytewise, like Go's json.Marshal of a map (go-cty cty/json.go).
      out += "[\"object\",{";
      bool first = true;
      for (const auto& [name, aty] : t.attributes()) {
        if (!first) out += ',';
        first = false;
        detail::append_json_string(out, name);
        out += ':';
        append_type_json(out, aty);
      }
      out += "}]";
      return;
    }
    case Type::Kind::kTuple: {
      out += "[\"tuple\",[";
      bool first = true;
      for (const Type& ety : t.elements()) {
        if (!first) out += ',';
        first = false;
        append_type_json(out, ety);
      }
      out += "]]";
      return;
    }
  }
}

}  // namespace

std::string Type::to_json() const {
  std::string out;
  append_type_json(out, *this);
  return out;
}

base::Result<Type> Type::from_json(std::string_view json) {
  auto node = detail::parse_json(json);
  if (!node.ok()) return base::InvalidArgument("invalid type JSON: " + node.error().message());
  return detail::type_from_json_node(*node);
}

namespace detail {

base::Result<Type> type_from_json_node(const JsonNode& node) {
  using K = JsonNode::Kind;
  if (node.kind == K::kString) {
    if (node.text == "string") return Type::string();
    if (node.text == "number") return Type::number();
    if (node.text == "bool") return Type::boolean();
    if (node.text == "dynamic") return Type::dynamic();
    return base::InvalidArgument("invalid type JSON: unknown primitive type \"" + node.text + "\"");
  }
  if (node.kind != K::kArray || node.items.empty() || node.items[0].kind != K::kString) {
    return base::InvalidArgument("invalid type JSON: expected a type name or [kind, ...]");
  }
  const std::string& kind = node.items[0].text;
  // cty/json.go accepts an object's optional-attribute list as a third element; nothing else
  // may follow the kind's argument.
  const size_t max_items = kind == "object" ? 3 : 2;
  if (node.items.size() < 2 || node.items.size() > max_items) {
    return base::InvalidArgument("invalid type JSON: wrong number of elements for \"" + kind + "\"");
  }
  const JsonNode& arg = node.items[1];
  if (kind == "list" || kind == "set" || kind == "map") {
    auto ety = type_from_json_node(arg);
    if (!ety.ok()) return ety;
    if (kind == "list") return Type::list(std::move(*ety));
    if (kind == "set") return Type::set(std::move(*ety));
    return Type::map(std::move(*ety));
  }
  if (kind == "object") {
    if (arg.kind != K::kObject)
      return base::InvalidArgument("invalid type JSON: object attributes must be a JSON object");
    std::map<std::string, Type> attrs;
    for (const auto& [name, sub] : arg.members) {
      auto aty = type_from_json_node(sub);
      if (!aty.ok()) return aty;
      attrs[name] = std::move(*aty);
    }
    if (node.items.size() == 3 && node.items[2].kind != K::kArray) {
      return base::InvalidArgument("invalid type JSON: optional attribute list must be an array");
    }
    return Type::object(std::move(attrs));
  }
  if (kind == "tuple") {
    if (arg.kind != K::kArray) return base::InvalidArgument("invalid type JSON: tuple element types must be an array");
    std::vector<Type> etys;
    etys.reserve(arg.items.size());
    for (const JsonNode& sub : arg.items) {
      auto ety = type_from_json_node(sub);
      if (!ety.ok()) return ety;
      etys.push_back(std::move(*ety));
    }
    return Type::tuple(std::move(etys));
  }
  return base::InvalidArgument("invalid type JSON: unknown type kind \"" + kind + "\"");
}

}  // namespace detail
}  // namespace ge::value
