// Internal to ge_value: the path of the value a codec is working on, for error messages such as
// "msgpack value at .filters[0].name: a string is required" (Terraform's own path notation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "value/json_text.h"

namespace ge::value::detail {

class ErrorPath {
 public:
  // what: the noun that starts every message, e.g. "msgpack value".
  explicit ErrorPath(std::string_view what) : what_(what) {}

  // Appends one step for the lifetime of the guard (codecs recurse, so steps nest naturally).
  class Step {
   public:
    Step(std::string& path, std::string_view step) : path_(path), len_(path.size()) { path_ += step; }
    ~Step() { path_.resize(len_); }
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;

   private:
    std::string& path_;
    size_t len_;
  };

  [[nodiscard]] Step attribute(std::string_view name) { return Step(path_, "." + std::string(name)); }
  [[nodiscard]] Step index(uint64_t i) { return Step(path_, "[" + std::to_string(i) + "]"); }
  [[nodiscard]] Step key(std::string_view k) {
    std::string step = "[";
    append_json_string(step, k);
    return Step(path_, step + "]");
  }

  base::Status fail(std::string_view problem) const {
    std::string m = what_;
    if (!path_.empty()) m += " at " + path_;
    m += ": ";
    m += problem;
    return base::InvalidArgument(std::move(m));
  }

 private:
  std::string what_;
  std::string path_;
};

}  // namespace ge::value::detail
