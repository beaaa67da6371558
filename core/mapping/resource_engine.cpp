#include "mapping/resource_engine.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <regex>

#include "base/log.h"
#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "schema/validate.h"

namespace ge::mapping {
namespace {

using nlohmann::json;
using value::Type;
using value::Value;

std::string url_escape(const std::string& s) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

const json* dotted(const json& j, const std::string& path) {
  const json* cur = &j;
  size_t start = 0;
  while (cur && cur->is_object()) {
    size_t dot = path.find('.', start);
    auto it = cur->find(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
  return nullptr;
}

std::string string_at(const json& j, const std::string& path) {
  const json* v = path.empty() ? nullptr : dotted(j, path);
  if (!v || v->is_null()) return "";
  return v->is_string() ? v->get<std::string>() : v->dump();
}

std::string id_of(const Value& state) {
  if (state.is_null() || !state.is_known()) return "";
  const Value& id = state.attribute("id");
  return id.is_null() || !id.is_known() ? "" : id.as_string();
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  static const std::regex part(R"(([0-9]+(?:\.[0-9]+)?)(ms|h|m|s))");
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), part); it != std::sregex_iterator(); ++it) {
    if (static_cast<size_t>(it->position()) != consumed) return std::nullopt;
    consumed += it->length();
    double n = std::stod((*it)[1]);
    std::string unit = (*it)[2];
    total_ms += unit == "h" ? n * 3600e3 : unit == "m" ? n * 60e3 : unit == "s" ? n * 1e3 : n;
  }
  if (consumed != text.size()) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(total_ms));
}

Value reconcile(const Value& planned, const Value& actual) {
  if (!planned.is_known()) return actual;
  if (planned.is_wholly_known() || planned.is_null()) return planned;
  if (planned.type().kind() == Type::Kind::kObject && !actual.is_null()) {
    Value out = planned;
    for (const auto& [name, v] : planned.entries()) out = out.with_attribute(name, reconcile(v, actual.attribute(name)));
    return out;
  }
  return actual;  // a partly unknown collection: the API's value is the only complete one
}

std::string ResourceEngine::item_path(const std::string& id) const {
  return replace_all(schema_.api.item_path, "{id}", url_escape(id));
}

Value ResourceEngine::apply(const Value& prior, const Value& planned, const Value& config, base::Diagnostics& diags) {
  if (planned.is_null()) {
    remove(prior, diags);
    return diags.has_errors() ? prior : Value::null(schema_.object_type());
  }
  if (prior.is_null()) return create(planned, config, diags);
  return update(prior, planned, config, diags);
}

Value ResourceEngine::create(const Value& planned, const Value& config, base::Diagnostics& diags) {
  if (!within_collection_limit(diags)) return Value::null(schema_.object_type());
  json body = to_api(schema_.attributes, planned, config);
  const auto sent_at = std::chrono::system_clock::now();
  auto res = client_.send({"POST", schema_.api.collection_path, {}, body});
  std::optional<json> adopted = res.ok() ? std::nullopt : find_lost_create(body, res.error(), sent_at);
  if (!res.ok() && !adopted) {
    diags.add(api_error_diagnostic(schema_, "create", res.error()));
    return Value::null(schema_.object_type());
  }
  if (adopted) {
    base::log::warn("create answer lost, the object it made was found by name",
                    {{"type", schema_.type_name}, {"id", string_at(*adopted, "id")}, {"error", res.error().message}});
  }
  const json& answer = adopted ? *adopted : res->body;
  std::string id = string_at(answer, adopted ? "id" : schema_.api.created_id_field);
  if (id.empty()) {
    diags.error("Failed to create " + schema_.type_name,
                "The API answered " + std::to_string(res->status) + " without an object id (field `" +
                    schema_.api.created_id_field + "`); correlation id " + res->correlation_id + ".");
    return Value::null(schema_.object_type());
  }
  base::log::info("created object", {{"type", schema_.type_name}, {"id", id}});
  // What we know from the create answer alone, in case reading the object back fails.
  Value created = reconcile(planned, from_api(schema_, answer, planned)).with_attribute("id", Value::string(id));
  auto timeout = schema_.timeouts ? schema_.timeouts->create : std::chrono::milliseconds(0);
  if (schema_.timeouts) {
    const Value& t = planned.attribute("timeouts");
    if (!t.is_null() && !t.attribute("create").is_null()) {
      timeout = parse_duration(t.attribute("create").as_string()).value_or(timeout);
    }
  }
  std::string job_id = string_at(answer, "jobId");
  base::Diagnostics wait_diags;
  if (adopted && schema_.api.async.kind == schema::AsyncSpec::Kind::kJob) {
    wait_diags.error("Failed to create " + schema_.type_name,
                     "The answer to the create was lost (" + res.error().message + "), so its job cannot be awaited. "
                     "The object it made (id " + id + ") was found by name and is kept in state as tainted; the "
                     "next apply replaces it.");
  } else {
    await(id, job_id, planned, timeout, "create", wait_diags);
  }
  // A synchronous create answers with the whole object: reading it back would only double
  // the requests (and halve the speed under the platform's rate limit).
  Value state = answer_is_final(answer) ? created : settle(id, planned, diags, "create");
  diags.append(wait_diags);
  // The object exists even if it never became ready or could not be read back: return what we
  // know so Terraform records it (tainted, with the error) instead of orphaning it.
  return state.is_null() ? created : state;
}

Value ResourceEngine::update(const Value& prior, const Value& planned, const Value& config, base::Diagnostics& diags) {
  std::string id = id_of(prior);
  json before = to_api(schema_.attributes, prior, Value::null(schema_.object_type()));
  json body = to_api(schema_.attributes, planned, config);
  const bool write_only_sent = !schema::write_only_values(schema_.attributes, config).empty();
  if (before == body && !write_only_sent) {
    // Only provider-side settings (timeouts, wait flags) changed: nothing to send.
    return reconcile(planned, prior);
  }
  if (!schema_.api.version_field.empty()) {
    body[schema_.api.version_field] = prior.attribute(schema_.api.version_field).is_null()
                                          ? json(1)
                                          : json(prior.attribute(schema_.api.version_field).as_number().as_int64().value_or(1));
  }
  auto res = client_.send({schema_.api.update_method, item_path(id), {}, body});
  if (!res.ok() && res.error().code == "version.mismatch" && !schema_.api.version_field.empty()) {
    // Someone else updated the object since our last read: take the current version, retry once.
    auto current = client_.send({"GET", item_path(id), {}, std::nullopt});
    if (current.ok()) {
      body[schema_.api.version_field] = current->body.value(schema_.api.version_field, json(1));
      res = client_.send({schema_.api.update_method, item_path(id), {}, body});
    }
  }
  if (!res.ok()) {
    diags.add(api_error_diagnostic(schema_, "update", res.error()));
    return prior;
  }
  auto timeout = schema_.timeouts ? schema_.timeouts->update : std::chrono::milliseconds(0);
  if (schema_.timeouts) {
    const Value& t = planned.attribute("timeouts");
    if (!t.is_null() && !t.attribute("update").is_null()) {
      timeout = parse_duration(t.attribute("update").as_string()).value_or(timeout);
    }
  }
  base::Diagnostics wait_diags;
  await(id, string_at(res->body, "jobId"), planned, timeout, "update", wait_diags);
  Value state = answer_is_final(res->body) ? reconcile(planned, from_api(schema_, res->body, planned))
                                           : settle(id, planned, diags, "update");
  diags.append(wait_diags);
  return state.is_null() ? prior : state;
}

void ResourceEngine::remove(const Value& prior, base::Diagnostics& diags) {
  std::string id = id_of(prior);
  if (id.empty()) return;
  auto res = client_.send({"DELETE", item_path(id), {}, std::nullopt});
  if (!res.ok()) {
    if (res.error().http_status == 404) return;  // already gone: the goal is reached
    diags.add(api_error_diagnostic(schema_, "delete", res.error()));
    return;
  }
  if (schema_.api.async.kind == schema::AsyncSpec::Kind::kJob && schema_.api.async.wait_on_delete) {
    auto timeout = schema_.timeouts ? schema_.timeouts->remove : std::chrono::milliseconds(0);
    const Value& t = prior.attribute("timeouts");
    if (schema_.timeouts && !t.is_null() && !t.attribute("delete").is_null()) {
      timeout = parse_duration(t.attribute("delete").as_string()).value_or(timeout);
    }
    await(id, string_at(res->body, "jobId"), prior, timeout, "delete", diags);
  }
}

base::Result<json, rest::Error> ResourceEngine::fetch(const std::string& id) {
  auto res = client_.send({"GET", item_path(id), {}, std::nullopt});
  if (!res.ok()) return res.error();
  json object = std::move(res->body);
  for (const schema::ReadAlso& extra : schema_.api.read_also) {
    auto more = client_.send({"GET", replace_all(extra.path, "{id}", url_escape(id)), {}, std::nullopt});
    if (!more.ok()) return more.error();
    if (object.is_object()) object[extra.as] = std::move(more->body);
  }
  return object;
}

bool ResourceEngine::within_collection_limit(base::Diagnostics& diags) {
  const auto& limit = schema_.api.collection_limit;
  if (!limit) return true;
  auto limits = client_.send({"GET", limit->limits_path, {}, std::nullopt});
  if (!limits.ok()) {
    diags.add(api_error_diagnostic(schema_, "read the organization limits before creating", limits.error()));
    return false;
  }
  std::optional<int64_t> max;
  for (const json& entry : limits->body.value("limits", json::array())) {
    if (entry.value("key", "") == limit->key && entry.contains("value") && entry["value"].is_number()) {
      max = entry["value"].get<int64_t>();
    }
  }
  if (!max) return true;  // the organization publishes no such limit: let the API decide
  auto existing = client_.list_all(schema_.api.collection_path);
  if (!existing.ok()) {
    diags.add(api_error_diagnostic(schema_, "count existing objects before creating", existing.error()));
    return false;
  }
  if (static_cast<int64_t>(existing->size()) < *max) return true;
  diags.add(collection_limit_diagnostic(schema_, "The organization already holds " + std::to_string(existing->size()) +
                                                    " " + limit->noun + ", its limit (" + std::to_string(*max) + ")."));
  return false;
}

namespace {

// Milliseconds since the epoch of an ISO-8601 UTC time ("2026-01-02T03:04:05.678Z", fraction
// optional); nullopt when malformed.
std::optional<int64_t> parse_utc_ms(const std::string& text) {
  std::tm tm{};
  char frac[16] = {0};
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15[.0-9]", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, frac) < 6) {
    return std::nullopt;
  }
  int ms = frac[0] == '.' ? static_cast<int>(std::strtod(frac, nullptr) * 1000) : 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

// Whether every value we sent equals the API's, where the API returns it (secrets never are).
bool matches_sent(const json& sent, const json& actual) {
  if (sent.is_object() && actual.is_object()) {
    for (const auto& [key, value] : sent.items()) {
      auto it = actual.find(key);
      if (it != actual.end() && !matches_sent(value, *it)) return false;
    }
    return true;
  }
  return sent == actual;
}

std::string lower_case(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// A create can make the object and still fail for the client: the connection dropped after the
// POST was sent (libcurl also re-sends a POST by itself when a reused connection dies without an
// answer), or the platform committed and then answered 5xx, and the client's retry met
// duplicate.name. Left alone, the object exists but is in no state (orphaned) and every later
// apply fails on its name. Names are unique per kind (docs/reference/api-contract.md), so an object with our
// name that the API created after this POST was sent (give or take a second of clock skew) and
// holds what we sent is the one this create made. An older object (another configuration's, or
// one made by an apply that was killed) keeps the duplicate-name error and its import hint.
std::optional<json> ResourceEngine::find_lost_create(const json& sent, const rest::Error& error,
                                                     std::chrono::system_clock::time_point sent_at) {
  using Kind = rest::Error::Kind;
  const bool duplicate = error.code == "duplicate.name" && !error.entity_id.empty();
  const bool unknown_outcome = error.kind == Kind::kTransport || error.kind == Kind::kTimeout ||
                               (error.kind == Kind::kHttp && (error.http_status >= 500 || error.http_status == 429));
  const std::string name = sent.is_object() && sent.contains("name") && sent["name"].is_string()
                               ? sent["name"].get<std::string>()
                               : "";
  if ((!duplicate && !unknown_outcome) || name.empty()) return std::nullopt;
  // The lookup meets the same weather as the POST (a 429 burst, 5xx): it gets a few more rounds
  // than the client's own retries, since giving up here orphans the object.
  auto transient = [](const rest::Error& e) {
    return e.kind == Kind::kTransport || e.kind == Kind::kTimeout || e.kind == Kind::kAuth ||
           (e.kind == Kind::kHttp && (e.http_status >= 500 || e.http_status == 429));
  };
  std::string id = duplicate ? error.entity_id : "";
  base::Result<json, rest::Error> object = rest::Error{};
  for (int round = 0; round < 4; ++round) {
    if (round > 0 && cancel_.sleep_for(std::chrono::seconds(1 << (round - 1)))) return std::nullopt;
    if (!duplicate) {
      auto found = client_.list_all(schema_.api.collection_path, {{"name", name}});
      if (!found.ok()) {
        if (transient(found.error())) continue;
        return std::nullopt;
      }
      id.clear();
      for (const auto& e : *found) {
        if (lower_case(e.value("name", "")) == lower_case(name)) id = e.value("id", "");
      }
      if (id.empty()) return std::nullopt;  // nothing was made: the original error stands
    }
    object = fetch(id);
    if (object.ok() || !transient(object.error())) break;
  }
  if (!object.ok() || !object->is_object()) return std::nullopt;
  auto created = parse_utc_ms(string_at(*object, "dateCreated"));
  constexpr int64_t kClockSkewMs = 1000;
  const int64_t sent_ms = std::chrono::duration_cast<std::chrono::milliseconds>(sent_at.time_since_epoch()).count();
  // What we chose must match; values the platform may also set (optional and computed, such as a
  // source's `status`, which reads `provisioning` while its job runs) are left out.
  json chosen = sent;
  for (const auto& a : schema_.attributes) {
    if (a.computed && !a.api_field.empty()) chosen.erase(a.api_field);
  }
  if (!created || *created < sent_ms - kClockSkewMs || !matches_sent(chosen, *object)) return std::nullopt;
  if (string_at(*object, "id").empty()) (*object)["id"] = id;
  return std::move(*object);
}

bool ResourceEngine::answer_is_final(const json& body) const {
  return schema_.api.async.kind == schema::AsyncSpec::Kind::kNone && schema_.api.read_also.empty() &&
         body.is_object() && body.contains("id");
}

Value ResourceEngine::settle(const std::string& id, const Value& planned, base::Diagnostics& diags,
                             const std::string& operation) {
  auto res = fetch(id);
  if (!res.ok()) {
    diags.add(api_error_diagnostic(schema_, "read back after " + operation + " of", res.error()));
    return Value::null(schema_.object_type());
  }
  return reconcile(planned, from_api(schema_, *res, planned));
}

bool ResourceEngine::await(const std::string& id, const std::string& job_id, const Value& planned,
                           std::chrono::milliseconds timeout, const std::string& operation, base::Diagnostics& diags) {
  const schema::AsyncSpec& spec = schema_.api.async;
  if (spec.kind == schema::AsyncSpec::Kind::kNone) return true;
  if (!spec.skip_attribute.empty()) {
    const Value& flag = planned.attribute(spec.skip_attribute);
    if (!flag.is_null() && flag.is_known() && !flag.as_bool()) return true;
  }
  std::string path = replace_all(replace_all(spec.poll_path, "{id}", url_escape(id)), "{jobId}", url_escape(job_id));
  if (spec.kind == schema::AsyncSpec::Kind::kJob && job_id.empty()) {
    diags.error("Failed to " + operation + " " + schema_.type_name, "The API did not return a job id to wait for.");
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto delay = std::chrono::milliseconds(100);
  std::mt19937 rng(std::random_device{}());
  std::string last_status;
  while (true) {
    auto res = client_.send({"GET", path, {}, std::nullopt});
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "wait for " + operation + " of", res.error()));
      return false;
    }
    last_status = string_at(res->body, spec.status_field);
    if (contains(spec.success_states, last_status)) return true;
    if (contains(spec.failure_states, last_status)) {
      std::string message = string_at(res->body, spec.message_field);
      std::string code = string_at(res->body, spec.code_field);
      diags.error(schema_.type_name + " " + id + ": " + operation + " ended " + last_status,
                  "The platform reported: " + (message.empty() ? std::string("(no message)") : message) +
                      (code.empty() ? "" : "\nError code: " + code) +
                      "\nCorrelation id: " + res->correlation_id +
                      "\n\nThe object exists and is kept in state as tainted; the next apply replaces it.");
      return false;
    }
    auto wait = delay;
    if (auto it = res->headers.find("retry-after"); it != res->headers.end()) {
      wait = std::max(wait, std::chrono::milliseconds(std::atoi(it->second.c_str()) * 1000));
    }
    wait += std::chrono::milliseconds(std::uniform_int_distribution<int>(0, static_cast<int>(wait.count() / 5))(rng));
    if (std::chrono::steady_clock::now() + wait > deadline) {
      diags.error(schema_.type_name + " " + id + ": timed out waiting for " + operation,
                  "Still `" + last_status + "` when the " + operation +
                      " timeout ran out. Raise it in the resource's `timeouts` block. The object exists and is kept "
                      "in state as tainted; the next apply replaces it.");
      return false;
    }
    if (cancel_.sleep_for(wait)) {
      diags.error("Interrupted", "Stopped while waiting for " + operation + " of " + schema_.type_name + " " + id +
                                     " (last status `" + last_status + "`). The object is kept in state.");
      return false;
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
}

Value ResourceEngine::read(const Value& current, base::Diagnostics& diags) {
  std::string id = id_of(current);
  auto res = fetch(id);
  if (!res.ok()) {
    if (res.error().http_status == 404) {
      base::log::info("object gone, removing from state", {{"type", schema_.type_name}, {"id", id}});
      return Value::null(schema_.object_type());
    }
    diags.add(api_error_diagnostic(schema_, "read", res.error()));
    return current;
  }
  return from_api(schema_, *res, current);
}

Value ResourceEngine::import(const std::string& id, base::Diagnostics& diags) {
  auto res = fetch(id);
  if (!res.ok()) {
    if (res.error().http_status == 404) {
      diags.error("Cannot import " + schema_.type_name,
                  "No object with id \"" + id + "\" exists. Import takes the object id (see the Import section of the "
                  "resource's documentation).\nCorrelation id: " + res.error().correlation_id);
    } else {
      diags.add(api_error_diagnostic(schema_, "import", res.error()));
    }
    return Value::null(schema_.object_type());
  }
  return from_api(schema_, *res, Value::null(schema_.object_type()));
}

Value ResourceEngine::read_data_source(const Value& config, base::Diagnostics& diags) {
  const Value null_state = Value::null(schema_.object_type());
  auto known_string = [&](const std::string& name) -> std::string {
    if (!schema_.find(name)) return "";
    const Value& v = config.attribute(name);
    return v.is_null() || !v.is_known() ? "" : v.as_string();
  };
  if (schema_.api.list) {
    auto all = client_.list_all(schema_.api.collection_path);
    if (!all.ok()) {
      diags.add(api_error_diagnostic(schema_, "read", all.error()));
      return null_state;
    }
    return from_api(schema_, json{{"entities", std::move(*all)}}, config);
  }
  json object;
  if (std::string id = known_string("id"); !id.empty()) {
    auto res = fetch(id);
    if (!res.ok()) {
      if (res.error().http_status == 404) {
        diags.error("No " + schema_.type_name + " with id \"" + id + "\"",
                    "The API knows no object with this id.\nCorrelation id: " + res.error().correlation_id,
                    base::AttributePath("id"));
      } else {
        diags.add(api_error_diagnostic(schema_, "read", res.error()));
      }
      return null_state;
    }
    object = std::move(*res);
  } else if (const std::string field = schema_.api.name_lookup_field; !field.empty()) {
    // The attribute mapped to the lookup field holds the name to look for.
    std::string attribute;
    for (const auto& a : schema_.attributes) {
      if (a.api_field == field) attribute = a.name;
    }
    std::string name = known_string(attribute);
    auto found = client_.list_all(schema_.api.collection_path, {{field, name}});
    if (!found.ok()) {
      diags.add(api_error_diagnostic(schema_, "look up", found.error()));
      return null_state;
    }
    // Names match exactly but case-insensitively (docs/reference/api-contract.md "Paging"); do not rely on the
    // server having filtered.
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    std::vector<json> matches;
    for (auto& e : *found) {
      if (lower(e.value(field, "")) == lower(name)) matches.push_back(std::move(e));
    }
    if (matches.size() != 1) {
      std::string ids;
      for (const auto& m : matches) ids += (ids.empty() ? "" : ", ") + m.value("id", "");
      diags.error(matches.empty() ? "No " + schema_.type_name + " named \"" + name + "\""
                                  : "Several " + schema_.type_name + " objects are named \"" + name + "\"",
                  matches.empty() ? "No object of this kind has that name (compared case-insensitively)."
                                  : "The name matches " + std::to_string(matches.size()) + " objects (" + ids +
                                        "); look it up by `id` instead.",
                  base::AttributePath(attribute));
      return null_state;
    }
    auto res = fetch(matches[0].value("id", ""));
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "read", res.error()));
      return null_state;
    }
    object = std::move(*res);
  } else {
    diags.error("Missing lookup", "Set `id` to choose the " + schema_.type_name + " to read.");
    return null_state;
  }
  return from_api(schema_, object, config);
}

}  // namespace ge::mapping
