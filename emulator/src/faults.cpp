#include "faults.h"

#include <algorithm>
#include <random>

namespace genesys_emulator {

nlohmann::json Fault::to_json() const {
  nlohmann::json out = {{"path", path}, {"rate", rate}, {"latencyMs", latency_ms}};
  out["method"] = method ? nlohmann::json(*method) : nlohmann::json(nullptr);
  out["status"] = status ? nlohmann::json(*status) : nlohmann::json(nullptr);
  out["count"] = count ? nlohmann::json(*count) : nlohmann::json(nullptr);
  out["after"] = after;
  return out;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with single-star backtracking.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<std::vector<Fault>> parse_faults(const nlohmann::json& value, const std::string& path,
                                               FieldReader& reader) {
  if (!value.is_array()) {
    reader.add(path, "invalid.type", path + " must be an array");
    return std::nullopt;
  }
  std::vector<Fault> faults;
  bool good = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string item_path = index_path(path, i);
    const auto& item = value[i];
    if (!item.is_object()) {
      reader.add(item_path, "invalid.type", item_path + " must be an object");
      good = false;
      continue;
    }
    FieldReader local;
    Fault fault;
    if (auto p = local.string(item, item_path, "path", {.required = true, .min_length = 1})) fault.path = *p;
    if (auto m = local.string(item, item_path, "method", {.one_of = {"GET", "POST", "PUT", "PATCH", "DELETE"}}))
      fault.method = *m;
    if (auto s = local.integer(item, item_path, "status", {.min = 0, .max = 599})) {
      if (*s != 0 && *s < 100)
        local.add(join_path(item_path, "status"), "out.of.range",
                  join_path(item_path, "status") + " must be 0 (drop) or an HTTP status 100..599");
      fault.status = static_cast<int>(*s);
    }
    if (auto it = item.find("rate"); it != item.end() && !it->is_null()) {
      if (!it->is_number() || it->get<double>() < 0.0 || it->get<double>() > 1.0)
        local.add(join_path(item_path, "rate"), "out.of.range",
                  join_path(item_path, "rate") + " must be a number 0..1");
      else fault.rate = it->get<double>();
    }
    if (auto c = local.integer(item, item_path, "count", {.min = 0})) fault.count = *c;
    if (auto it = item.find("after"); it != item.end() && !it->is_null()) {
      if (!it->is_boolean())
        local.add(join_path(item_path, "after"), "invalid.type", join_path(item_path, "after") + " must be a boolean");
      else fault.after = it->get<bool>();
    }
    if (auto l = local.integer(item, item_path, "latencyMs", {.min = 0, .max = 120000})) fault.latency_ms = *l;
    for (auto& e : local.take_errors()) {
      reader.add(e.field, e.error_code, e.message);
      good = false;
    }
    faults.push_back(std::move(fault));
  }
  if (!good) return std::nullopt;
  return faults;
}

std::optional<Fault> take_fault(std::vector<Fault>& faults, const std::string& method, const std::string& path) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (auto& fault : faults) {
    if (fault.count && *fault.count <= 0) continue;
    if (fault.method && *fault.method != method) continue;
    if (!glob_match(fault.path, path)) continue;
    if (fault.rate < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng) >= fault.rate) continue;
    if (fault.count) --*fault.count;
    return fault;
  }
  return std::nullopt;
}

}  // namespace genesys_emulator
