// cty types: the type system Terraform and OpenTofu use for every value on the tfplugin6 wire.
//
// A Type is an immutable tree of shared nodes, so copying one costs a reference-count increment.
// Its JSON form is cty's (go-cty cty/json.go, docs/reference/plugin-protocol.md section 4): it appears in schema
// responses and inside every dynamic-typed value on the wire.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ge::value {

class Type {
 public:
  enum class Kind { kString, kNumber, kBool, kDynamic, kList, kSet, kMap, kObject, kTuple };

  // The default Type is dynamic (cty.DynamicPseudoType), the type of "not known yet".
  Type() = default;

  static Type string();
  static Type number();
  static Type boolean();
  static Type dynamic();
  static Type list(Type element);
  static Type set(Type element);
  static Type map(Type element);
  static Type object(std::map<std::string, Type> attributes);
  static Type tuple(std::vector<Type> elements);

  Kind kind() const;
  bool is_primitive() const;  // string, number or bool
  bool is_dynamic() const { return kind() == Kind::kDynamic; }

  // Element type of a list, set or map; dynamic for any other kind.
  const Type& element() const;
  // Attribute types of an object, sorted by name; empty for any other kind.
  const std::map<std::string, Type>& attributes() const;
  // Element types of a tuple; empty for any other kind.
  const std::vector<Type>& elements() const;

  // Structural equality (object attribute names and types, tuple element types, ...).
  bool operator==(const Type& other) const;

  // Compact cty type JSON: "string", ["list","number"], ["object",{"a":"string"}],
  // ["tuple",["bool"]], "dynamic". Object attribute names are sorted and escaped as Go's
  // encoding/json would, so the text is byte-identical to what cty writes.
  std::string to_json() const;

  // Parses cty type JSON. An object type's optional third element (the optional-attribute
  // list, used only in type constraints) is accepted and ignored.
  static base::Result<Type> from_json(std::string_view json);

  struct Node;  // implementation detail, defined in type.cpp

 private:
  explicit Type(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;  // null means dynamic, so the default Type never allocates
};

}  // namespace ge::value
