// Provider-defined functions (`provider::genesysevents::<name>(...)`): pure computations with no
// API call, so they work in any expression, before the provider is configured. The plugin edge
// lists them in GetProviderSchema and GetFunctions and runs them for CallFunction
// (docs/reference/plugin-protocol.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "value/type.h"
#include "value/value.h"

namespace ge::mapping {

struct FunctionParameter {
  std::string name;
  value::Type type;
  std::string description;  // Markdown
};

struct FunctionDefinition {
  std::string name;
  std::string summary;      // one line
  std::string description;  // Markdown
  std::vector<FunctionParameter> parameters;
  value::Type return_type;
};

// Why a call failed; `argument` is the index of the argument to blame, when one is.
struct FunctionError {
  std::string text;
  std::optional<int64_t> argument;
};

// Every function this provider defines, in name order.
const std::vector<FunctionDefinition>& functions();
// The function named `name`, or nullptr.
const FunctionDefinition* find_function(std::string_view name);
// Runs `function` on `arguments`, which must be known values of the parameters' types (the hosts
// pass neither unknowns nor nulls to a parameter that does not allow them; both are refused here
// too, naming the argument).
base::Result<value::Value, FunctionError> call_function(const FunctionDefinition& function,
                                                        const std::vector<value::Value>& arguments);

}  // namespace ge::mapping
