// A path into a resource's attributes, e.g. filters[0].conditions[2].value or headers["x-a"].
// It is how diagnostics point at the offending attribute (tfplugin6 AttributePath).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ge::base {

class AttributePath {
 public:
  struct Attribute {
    std::string name;
  };
  struct StringKey {
    std::string key;
  };
  struct IntIndex {
    int64_t index;
  };
  using Step = std::variant<Attribute, StringKey, IntIndex>;

  AttributePath() = default;
  explicit AttributePath(std::string attribute) { steps_.push_back(Attribute{std::move(attribute)}); }

  AttributePath attribute(std::string name) const { return with(Attribute{std::move(name)}); }
  AttributePath key(std::string key) const { return with(StringKey{std::move(key)}); }
  AttributePath index(int64_t i) const { return with(IntIndex{i}); }

  const std::vector<Step>& steps() const { return steps_; }
  bool empty() const { return steps_.empty(); }

  // Terraform's own notation: name.child[0]["key"].
  std::string to_string() const;

  bool operator==(const AttributePath&) const = default;

 private:
  AttributePath with(Step s) const {
    AttributePath p = *this;
    p.steps_.push_back(std::move(s));
    return p;
  }
  std::vector<Step> steps_;
};

inline bool operator==(const AttributePath::Attribute& a, const AttributePath::Attribute& b) {
  return a.name == b.name;
}
inline bool operator==(const AttributePath::StringKey& a, const AttributePath::StringKey& b) { return a.key == b.key; }
inline bool operator==(const AttributePath::IntIndex& a, const AttributePath::IntIndex& b) {
  return a.index == b.index;
}

}  // namespace ge::base
