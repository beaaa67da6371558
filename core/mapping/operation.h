// The three changes an apply makes, as audit lines, metrics and change notifications name them.
#pragma once

#include <string_view>

namespace ge::mapping {

enum class Operation { kCreate, kUpdate, kDelete };

// "create", "update" or "delete": the word in audit lines, metric labels and notifications.
constexpr std::string_view operation_name(Operation op) {
  switch (op) {
    case Operation::kCreate: return "create";
    case Operation::kUpdate: return "update";
    case Operation::kDelete: return "delete";
  }
  return "";
}

}  // namespace ge::mapping
