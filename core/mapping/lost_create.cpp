// Recovering the object a create made when its answer was lost (docs/design/engine-rules.md,
// "Adopting a lost create").
#include <algorithm>
#include <cctype>
#include <ctime>

#include "base/log.h"
#include "base/text.h"
#include "mapping/json_fields.h"
#include "mapping/resource_engine.h"

namespace ge::mapping {
namespace {

using nlohmann::json;
using SystemClock = std::chrono::system_clock;

// An ISO-8601 UTC time ("2026-01-02T03:04:05.678Z", fraction optional); nullopt when malformed.
std::optional<SystemClock::time_point> parse_utc(const std::string& text) {
  // YYYY-MM-DDTHH:MM:SS, then an optional fraction, then Z.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  auto digits = [&](size_t at, size_t n) { return parse_int(std::string_view(text).substr(at, n)); };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  int64_t millis = 0;
  size_t end = 19;
  if (text[end] == '.') {
    size_t first = ++end;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == first) return std::nullopt;
    std::string fraction = text.substr(first, std::min<size_t>(end - first, 3));
    fraction.resize(3, '0');
    millis = parse_int(fraction).value_or(0);
  }
  if (end + 1 != text.size() || text[end] != 'Z') return std::nullopt;
  std::tm tm{};
  tm.tm_year = static_cast<int>(*year - 1900);
  tm.tm_mon = static_cast<int>(*month - 1);
  tm.tm_mday = static_cast<int>(*day);
  tm.tm_hour = static_cast<int>(*hour);
  tm.tm_min = static_cast<int>(*minute);
  tm.tm_sec = static_cast<int>(*second);
  return SystemClock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(millis);
}

bool transient(const rest::Error& e) {
  using Kind = rest::Error::Kind;
  return e.kind == Kind::kTransport || e.kind == Kind::kTimeout || e.kind == Kind::kAuth ||
         (e.kind == Kind::kHttp && (e.http_status >= 500 || e.http_status == 429));
}

}  // namespace

bool CreateClaims::claim(const std::string& type_name, const std::string& id) {
  std::lock_guard lock(mu_);
  return ids_.emplace(type_name, id).second;
}

bool CreateClaims::claimed(const std::string& type_name, const std::string& id) {
  std::lock_guard lock(mu_);
  return ids_.count({type_name, id}) > 0;
}

base::Result<std::set<std::string>, rest::Error> ResourceEngine::list_ids() {
  auto all = client_.list_all(schema_.api.collection_path, schema_.api.list_query);
  if (!all.ok()) return all.error();
  std::set<std::string> ids;
  for (const json& e : *all) ids.insert(string_at(e, "id"));
  return ids;
}

// Names that are not unique (integrations) leave no way to tell our object from another by its
// fields, and the Integration has no creation time. What is known: the ids that existed right
// before the POST. An object that appeared since, with the name and kind sent, is the probable
// result of this create; exactly one is adopted, none or several is an error naming every
// candidate so the user can import the right one (docs/design/engine-rules.md).
base::Result<json, base::Diagnostic> ResourceEngine::find_new_object(const json& sent,
                                                                     const std::set<std::string>& existing,
                                                                     const rest::Error& error) {
  const std::string name = string_at(sent, "name");
  std::vector<json> candidates;
  std::string listing_problem;
  bool interrupted = false;
  // The platform's listing is eventually consistent too: a new object may show a moment late.
  for (int round = 0; round < 4; ++round) {
    if (round > 0 && cancel_.sleep_for(std::chrono::milliseconds(250 << (round - 1)))) {
      interrupted = true;
      break;
    }
    auto found = client_.list_all(schema_.api.collection_path, schema_.api.list_query);
    if (!found.ok()) {
      listing_problem = found.error().summary();
      if (transient(found.error())) continue;
      break;
    }
    listing_problem.clear();
    candidates.clear();
    for (json& e : *found) {
      const std::string id = string_at(e, "id");
      if (id.empty() || existing.count(id) || string_at(e, "name") != name) continue;
      bool same_kind = true;
      for (const auto& [field, expected] : schema_.api.object_match) same_kind &= string_at(e, field) == expected;
      if (same_kind) candidates.push_back(std::move(e));
    }
    if (!candidates.empty()) break;
  }
  // One this process's other creates made is theirs, not ours.
  std::vector<std::string> ids;
  std::vector<json> unclaimed;
  for (json& c : candidates) {
    const std::string id = string_at(c, "id");
    ids.push_back(id);
    if (!claims_ || !claims_->claimed(schema_.type_name, id)) unclaimed.push_back(std::move(c));
  }
  if (unclaimed.size() == 1 && (!claims_ || claims_->claim(schema_.type_name, string_at(unclaimed[0], "id")))) {
    return unclaimed[0];
  }
  base::Diagnostic d;
  d.summary = "Failed to create " + schema_.type_name + ": the outcome of the create is unknown";
  std::string detail = "The create's answer was lost (" + error.summary() +
                       "), so it may or may not have made the object. It was not sent again, since " +
                       schema_.type_name + " names are not unique and a second create would make a second object. ";
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
  if (!listing_problem.empty()) {
    detail += "Listing the objects to find it failed too (" + listing_problem + ").";
  } else if (ids.empty()) {
    detail += interrupted ? "The search for it was interrupted."
                          : "No object named \"" + name + "\" appeared while it ran, so it probably made nothing.";
  } else if (unclaimed.empty() || ids.size() == 1) {  // (a concurrent create may have claimed it meanwhile)
    detail += "The object" + std::string(ids.size() == 1 ? "" : "s") + " named \"" + name +
              "\" that appeared while it ran (" + list + ") belong" + (ids.size() == 1 ? "s" : "") +
              " to other creates of this run, so this one probably made nothing.";
  } else {
    detail += std::to_string(ids.size()) + " objects named \"" + name + "\" appeared while it ran (" + list +
              "), so which one this create made cannot be told. Import the one this resource should manage " +
              "(terraform import " + schema_.type_name + ".<name> <id>, or an import block) and delete the others " +
              "you do not want.";
  }
  detail += " Nothing was recorded in state. Check the Genesys Cloud admin UI for \"" + name +
            "\" before applying again." +
            (error.correlation_id.empty() ? "" : "\nCorrelation id: " + error.correlation_id);
  d.detail = std::move(detail);
  return d;
}

// A create can make the object and still fail for the client: the connection dropped after the
// POST was sent, or the platform committed and then answered 5xx (and the client's retry met
// duplicate.name). Left alone, the object exists but is in no state (orphaned) and every later
// apply fails on its name. Names are unique per kind (docs/reference/api-contract.md "Stored
// objects"), so an object with our name that the API created while this call
// ran and that holds every value we sent is the one this create made. Its age is judged by the
// server's clock (the Date header of the lookup's answer, less the time this call has run), so
// a client whose clock is off neither adopts an older object nor misses its own.
std::optional<json> ResourceEngine::find_lost_create(const json& sent, const rest::Error& error,
                                                     std::chrono::steady_clock::time_point sent_at) {
  const bool duplicate = error.code == "duplicate.name" && !error.entity_id.empty();
  const std::string name = string_at(sent, "name");
  if (name.empty()) return std::nullopt;
  // The lookup meets the same weather as the POST (a 429 burst, 5xx): it gets a few more rounds
  // than the client's own retries (`transient`), since giving up here orphans the object.
  std::string id = duplicate ? error.entity_id : "";
  base::Result<rest::Response, rest::Error> object = rest::Error{};
  for (int round = 0; round < 4; ++round) {
    if (round > 0 && cancel_.sleep_for(std::chrono::seconds(1 << (round - 1)))) return std::nullopt;
    if (!duplicate) {
      auto query = schema_.api.list_query;
      query.emplace_back("name", name);
      auto found = client_.list_all(schema_.api.collection_path, query);
      if (!found.ok()) {
        if (transient(found.error())) continue;
        return std::nullopt;
      }
      id.clear();
      for (const auto& e : *found) {
        if (base::equal_ignoring_case(string_at(e, "name"), name)) id = string_at(e, "id");
      }
      if (id.empty()) return std::nullopt;  // nothing was made: the original error stands
    }
    object = fetch(id);
    if (object.ok() || !transient(object.error())) break;
  }
  if (!object.ok() || !object->body.is_object()) return std::nullopt;
  // The Date header has whole seconds; without one (a server that sends none) the local clock
  // stands in, give or take the same second.
  constexpr auto kDateResolution = std::chrono::seconds(1);
  const auto server_now = object->server_time.value_or(SystemClock::now());
  const auto elapsed = std::chrono::duration_cast<SystemClock::duration>(std::chrono::steady_clock::now() - sent_at);
  const auto created = parse_utc(string_at(object->body, "dateCreated"));
  if (!created || *created < server_now - elapsed - kDateResolution) return std::nullopt;
  // Every value the plan knows must match, optional+computed ones included.
  if (!holds_what_was_sent(sent, object->body)) return std::nullopt;
  json adopted = std::move(object->body);
  if (string_at(adopted, "id").empty()) adopted["id"] = id;
  return adopted;
}

}  // namespace ge::mapping
