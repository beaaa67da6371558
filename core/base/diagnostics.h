// Diagnostics as Terraform shows them: a short summary, a full-sentence detail, and the
// attribute they concern. Built anywhere; sent to the CLI only by plugin/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/attribute_path.h"

namespace ge::base {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  std::optional<AttributePath> attribute;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(std::string summary, std::string detail, std::optional<AttributePath> at = std::nullopt) {
    items_.push_back({Severity::kError, std::move(summary), std::move(detail), std::move(at)});
  }
  void warning(std::string summary, std::string detail, std::optional<AttributePath> at = std::nullopt) {
    items_.push_back({Severity::kWarning, std::move(summary), std::move(detail), std::move(at)});
  }
  void append(const Diagnostics& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }

  bool has_errors() const {
    for (const auto& d : items_)
      if (d.severity == Severity::kError) return true;
    return false;
  }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace ge::base
