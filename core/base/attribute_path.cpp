#include "base/attribute_path.h"

namespace ge::base {

std::string AttributePath::to_string() const {
  std::string out;
  for (const Step& s : steps_) {
    if (const auto* a = std::get_if<Attribute>(&s)) {
      if (!out.empty()) out += '.';
      out += a->name;
    } else if (const auto* k = std::get_if<StringKey>(&s)) {
      out += "[\"" + k->key + "\"]";
    } else {
      out += "[" + std::to_string(std::get<IntIndex>(s).index) + "]";
    }
  }
  return out;
}

}  // namespace ge::base
