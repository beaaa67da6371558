// Fault injection rules (docs/reference/api-contract.md "faults"): each rule matches requests by
// path glob and optional method, and either delays them, answers a chosen status,
// or drops the connection (status 0). Rules are applied in list order before normal
// handling; the first rule that matches and fires wins. A rule with `after` lets the
// request be handled first (a write is committed) and then replaces the answer: the
// client sees an error or a dropped connection for a change that did happen.
#pragma once

#include "validation.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace genesys_emulator {

struct Fault {
  std::string path;                   // glob: `*` matches any run of characters, `/` included; `?` one character
  std::optional<std::string> method;  // upper-case; absent = every method
  std::optional<int> status;          // absent = only add latency; 0 = drop the connection
  double rate = 1.0;                  // probability the rule fires when it matches
  std::optional<std::int64_t> count;  // remaining firings; absent = unlimited
  std::int64_t latency_ms = 0;
  bool after = false;  // apply after normal handling (the change is made, the answer lost)

  nlohmann::json to_json() const;
};

bool glob_match(std::string_view pattern, std::string_view text);

// Parses the `faults` list of a config PATCH; errors go to `reader` under `path`.
std::optional<std::vector<Fault>> parse_faults(const nlohmann::json& value, const std::string& path,
                                               FieldReader& reader);

// Finds the first rule that matches `method`/`path` and fires (rate, count), and
// consumes one of its firings. Not thread-safe: the caller holds the config lock.
std::optional<Fault> take_fault(std::vector<Fault>& faults, const std::string& method, const std::string& path);

}  // namespace genesys_emulator
