#include "mapping/resource_engine.h"

#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include "base/duration.h"
#include "base/log.h"
#include "base/text.h"
#include "mapping/api_codec.h"
#include "mapping/api_errors.h"
#include "mapping/json_fields.h"
#include "rest/retry_policy.h"
#include "schema/validate.h"

namespace ge::mapping {
namespace {

using nlohmann::json;
using value::Type;
using value::Value;
using Clock = std::chrono::steady_clock;

// How long a delete refused because a dependent still uses the object (`*.in.use`) is retried
// when the schema has no delete timeout: long enough for a dependent's delete that is finishing
// in the same apply, short enough not to hang on a dependent nobody is deleting.
constexpr std::chrono::milliseconds kInUseRetryWithoutTimeout = std::chrono::minutes(1);

// How long a refresh of an eventually consistent object keeps asking after a 404 before it
// takes the object as gone.
constexpr std::chrono::milliseconds kReadNotFoundGrace = std::chrono::seconds(5);

// A state wait (`async.kind: state`) that sees no change of the reported state takes a terminal
// state as the platform's answer to the write only once it has read it this long (and at least
// kSettlePolls times), polling at most every kSettlePollCap meanwhile.
constexpr std::chrono::milliseconds kStateSettle = std::chrono::seconds(2);
constexpr int kSettlePolls = 3;
constexpr std::chrono::milliseconds kSettlePollCap = std::chrono::milliseconds(500);

// The code of the 404 fetch() makes of an object that fails the schema's `object_match`.
constexpr const char* kOtherKindCode = "object.other.kind";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string correlation_line(const std::string& correlation_id) {
  return correlation_id.empty() ? "" : "\nCorrelation id: " + correlation_id;
}

// What a failed wait leaves behind, worded for the operation that waited.
std::string consequence_of_failed_wait(Operation operation) {
  switch (operation) {
    case Operation::kCreate: return "The object exists and is kept in state as tainted; the next apply replaces it.";
    case Operation::kUpdate:
      return "The object holds the new settings, but they did not take effect. State keeps the previous values of "
             "the changed arguments, so the next plan proposes this update again.";
    case Operation::kDelete:
      return "The delete was accepted but did not finish: the object may still exist. It stays in state, and the "
             "next apply tries the delete again.";
  }
  return "";
}

// The state after an update whose asynchronous part failed: what the API holds, except the
// arguments this update changed, which keep their prior values so the next plan shows them.
Value with_prior_arguments(const schema::ResourceSchema& schema, Value state, const Value& prior,
                           const Value& planned) {
  for (const auto& a : schema.attributes) {
    if (!a.required && !a.optional) continue;
    if (planned.attribute(a.name) != prior.attribute(a.name))
      state = state.with_attribute(a.name, prior.attribute(a.name));
  }
  return state;
}

// A section write refused because its version moved on (the platform's wordings: 409
// version.mismatch, or 400 "... does not match the current version").
// A 409 for any other reason (another conflict, an operation in progress) is not retried.
bool is_version_conflict(const rest::Error& error) {
  std::string message = error.message;
  std::transform(message.begin(), message.end(), message.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return (error.http_status == 409 &&
          (error.code == "version.mismatch" || message.find("version") != std::string::npos)) ||
         (error.http_status == 400 && message.find("does not match the current version") != std::string::npos);
}

bool in_use(const rest::Error& error) {
  const std::string_view suffix = ".in.use";
  return error.http_status == 409 && error.code.size() > suffix.size() &&
         error.code.compare(error.code.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Whether every value in `sent` equals the API's, where the API returns it (secrets never are).
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

}  // namespace

std::string id_of(const Value& state) {
  if (state.is_null() || !state.is_known()) return "";
  const Value& id = state.attribute("id");
  return id.is_null() || !id.is_known() ? "" : id.as_string();
}

std::chrono::milliseconds operation_timeout(const schema::ResourceSchema& schema, const Value& state,
                                            Operation operation) {
  if (!schema.timeouts) return std::chrono::milliseconds(0);
  const schema::Timeouts& defaults = *schema.timeouts;
  const auto fallback = operation == Operation::kCreate   ? defaults.create
                        : operation == Operation::kUpdate ? defaults.update
                                                          : defaults.remove;
  if (state.is_null() || !state.is_known()) return fallback;
  const Value& block = state.attribute("timeouts");
  if (block.is_null() || !block.is_known()) return fallback;
  const Value& set = block.attribute(std::string(operation_name(operation)));
  if (set.is_null() || !set.is_known()) return fallback;
  return base::parse_duration(set.as_string()).value_or(fallback);
}

Value reconcile(const Value& planned, const Value& actual) {
  if (!planned.is_known()) return actual;
  if (planned.is_wholly_known() || planned.is_null()) return planned;
  if (planned.type().kind() == Type::Kind::kObject && !actual.is_null()) {
    Value out = planned;
    for (const auto& [name, v] : planned.entries())
      out = out.with_attribute(name, reconcile(v, actual.attribute(name)));
    return out;
  }
  return actual;  // a partly unknown collection: the API's value is the only complete one
}

bool ResourceEngine::holds_what_was_sent(const json& sent, const json& actual) const {
  if (schema_.api.async.kind == schema::AsyncSpec::Kind::kNone) return matches_sent(sent, actual);
  json compared = sent;
  compared.erase(schema_.api.async.status_field);
  return matches_sent(compared, actual);
}

std::string ResourceEngine::item_path(const std::string& id) const {
  return replace_all(schema_.api.item_path, "{id}", base::percent_encode(id));
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
  const json full = to_api(schema_.attributes, planned, config);
  json body = own_fields(full);
  json deferred = json::object();  // sent after the sections (create-then-configure-then-enable)
  if (!schema_.api.create_fields.empty()) {
    // The POST carries the create_fields alone. What follows in the update_method request is
    // what updates send too (update_fields, when the schema names them); a field in neither
    // reaches the API through a section's `copy` (an integration's notes: its configuration).
    for (auto it = body.begin(); it != body.end();) {
      if (contains(schema_.api.create_fields, it.key())) {
        ++it;
        continue;
      }
      if (schema_.api.update_fields.empty() || contains(schema_.api.update_fields, it.key())) {
        deferred[it.key()] = it.value();
      }
      it = body.erase(it);
    }
  }
  body.update(schema_.api.create_constants);
  // Names that are not unique cannot tell our object from another: the ids that exist before
  // the POST are what an object that appears meanwhile is judged against.
  std::optional<std::set<std::string>> existing;
  if (!schema_.api.unique_names) {
    auto before = list_ids();
    if (!before.ok()) {
      diags.add(api_error_diagnostic(schema_, "list the existing objects before creating", before.error()));
      return Value::null(schema_.object_type());
    }
    existing = std::move(before).value();
  }
  const auto sent_at = Clock::now();
  rest::RequestOutcome outcome;
  rest::Request post{"POST", schema_.api.collection_path, {}, body};
  post.resend_in_doubt = schema_.api.unique_names;
  auto res = client_.send(post, &outcome);
  // Only a POST whose outcome is in doubt may have made an object this call did not hear of;
  // a plain duplicate.name is someone else's object (docs/design/engine-rules.md).
  std::optional<json> adopted;
  if (!res.ok() && outcome.in_doubt && existing) {
    auto found = find_new_object(body, *existing, res.error());
    if (!found.ok()) {
      diags.add(std::move(found).error());
      return Value::null(schema_.object_type());
    }
    adopted = std::move(found).value();
  } else if (!res.ok() && outcome.in_doubt) {
    adopted = find_lost_create(body, res.error(), sent_at);
  }
  if (!res.ok() && !adopted) {
    diags.add(api_error_diagnostic(schema_, "create", res.error()));
    return Value::null(schema_.object_type());
  }
  const json& answer = adopted ? *adopted : res->body;
  std::string id = string_at(answer, adopted ? "id" : schema_.api.created_id_field);
  if (claims_ && !schema_.api.unique_names && !adopted && !id.empty()) claims_->claim(schema_.type_name, id);
  if (adopted) {
    base::log::warn("create answer lost, the object it made was found",
                    {{"type", schema_.type_name}, {"id", id}, {"error", res.error().message}});
    diags.warning("Adopted the " + schema_.type_name + " this create made (id " + id + ")",
                  "The create's answer was lost (" + res.error().summary() + "), so the object was looked up: " + id +
                      (existing ? " is the only object with this name that appeared while this create ran"
                                : " was created while this create ran and holds every value it sent") +
                      ", so it is taken as the object this create made and recorded in state.");
  }
  if (id.empty()) {
    diags.error("Failed to create " + schema_.type_name,
                "The API answered " + std::to_string(res->status) + " without an object id (field `" +
                    schema_.api.created_id_field + "`)." + correlation_line(res->correlation_id));
    return Value::null(schema_.object_type());
  }
  base::log::info("created object", {{"type", schema_.type_name}, {"id", id}});
  const auto timeout = operation_timeout(schema_, planned, Operation::kCreate);
  if (schema_.api.eventually_consistent) not_found_grace_until_ = base::deadline_after(timeout);
  // What we know from the create answer alone, in case reading the object back fails.
  Value created = reconcile(planned, from_api(schema_, answer, planned)).with_attribute("id", Value::string(id));
  base::Diagnostics wait_diags;
  bool configured = true;
  for (const schema::ReadAlso& section : schema_.api.read_also) {
    if (!section.write || !configured) continue;
    auto written = write_section(id, section, section_body(section, full));
    if (!written.ok()) {
      base::Diagnostic d = api_error_diagnostic(schema_, "set the " + section.as + " of the new", written.error(),
                                                section.as);
      d.detail += "\n\n" + consequence_of_failed_wait(Operation::kCreate);
      wait_diags.add(std::move(d));
      configured = false;
    }
  }
  if (configured && !deferred.empty()) {
    auto sent = send({schema_.api.update_method, item_path(id), {}, deferred});
    if (!sent.ok()) {
      base::Diagnostic d = api_error_diagnostic(schema_, "finish the create of", sent.error());
      d.detail += "\n\n" + consequence_of_failed_wait(Operation::kCreate);
      wait_diags.add(std::move(d));
      configured = false;
    }
  }
  if (!configured) {
    // The object exists but holds only part of the plan: no point waiting for it.
  } else if (adopted && schema_.api.async.kind == schema::AsyncSpec::Kind::kJob) {
    wait_diags.error("Failed to create " + schema_.type_name,
                     "The answer to the create was lost (" + res.error().message +
                         "), so its job cannot be awaited. The object it made (id " + id +
                         ") was found by name and is kept in state as tainted; the next apply replaces it.");
  } else {
    // The state before the writes is the create answer's (a new integration's INACTIVE).
    await(id, string_at(answer, "jobId"), planned, timeout, Operation::kCreate, wait_diags,
          string_at(answer, schema_.api.async.status_field));
  }
  // A synchronous create answers with the whole object: reading it back would only double
  // the requests (and halve the speed under the platform's rate limit).
  Value state = answer_is_final(answer) ? created : settle(id, planned, diags, Operation::kCreate);
  not_found_grace_until_.reset();
  diags.append(wait_diags);
  // The object exists even if it never became ready or could not be read back: return what we
  // know so Terraform records it (tainted, with the error) instead of orphaning it.
  return state.is_null() ? created : state;
}

Value ResourceEngine::update(const Value& prior, const Value& planned, const Value& config, base::Diagnostics& diags) {
  std::string id = id_of(prior);
  const json before_full = to_api(schema_.attributes, prior, Value::null(schema_.object_type()));
  const json full = to_api(schema_.attributes, planned, config);
  json before = own_fields(before_full);
  json body = own_fields(full);
  if (!schema_.api.update_fields.empty()) {
    for (json* fields : {&before, &body}) {
      for (auto it = fields->begin(); it != fields->end();) {
        it = contains(schema_.api.update_fields, it.key()) ? std::next(it) : fields->erase(it);
      }
    }
  }
  const bool write_only_sent = !schema::write_only_values(schema_.attributes, config).empty();
  const bool own_changed = before != body || write_only_sent;
  std::vector<const schema::ReadAlso*> changed_sections;
  for (const schema::ReadAlso& section : schema_.api.read_also) {
    if (section.write && section_body(section, before_full) != section_body(section, full)) {
      changed_sections.push_back(&section);
    }
  }
  if (!own_changed && changed_sections.empty()) {
    // Only provider-side settings (timeouts, wait flags) changed: nothing to send.
    return reconcile(planned, prior);
  }
  // Reads of an object may still flap for a while after its create (found, then 404 again): a
  // 404 from any request of the update is asked again as a refresh would, for at most
  // kReadNotFoundGrace, within the update's timeout (docs/design/engine-rules.md).
  struct GraceScope {
    ResourceEngine& engine;
    ~GraceScope() {
      engine.not_found_grace_until_.reset();
      engine.not_found_grace_each_.reset();
    }
  } grace_scope{*this};
  if (schema_.api.eventually_consistent) {
    not_found_grace_until_ = base::deadline_after(operation_timeout(schema_, planned, Operation::kUpdate));
    not_found_grace_each_ = kReadNotFoundGrace;
  }
  // Sections first: an integration is configured before it is enabled.
  base::Result<rest::Response, rest::Error> res = rest::Error{};
  for (const schema::ReadAlso* section : changed_sections) {
    res = write_section(id, *section, section_body(*section, full));
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "update", res.error(), section->as));
      return prior;
    }
  }
  bool answer_lost = false;
  if (own_changed) {
    const std::string& version_field = schema_.api.version_field;
    if (!version_field.empty()) {
      const Value& version = prior.attribute(version_field);
      body[version_field] = version.is_null() || !version.is_known() ? 1 : version.as_number().as_int64().value_or(1);
    }
    res = client_.send({schema_.api.update_method, item_path(id), {}, body});
    if (!res.ok() && res.error().code == "version.mismatch" && !version_field.empty()) {
      json sent = body;
      sent.erase(version_field);
      auto recovered = recover_version_conflict(id, sent);
      if (!recovered.ok()) {
        diags.add(recovered.error());
        return prior;
      }
      res = std::move(recovered).value();
      answer_lost = true;
    }
    if (!res.ok()) {
      diags.add(api_error_diagnostic(schema_, "update", res.error()));
      return prior;
    }
  }
  base::Diagnostics wait_diags;
  bool took_effect = false;
  if (answer_lost && schema_.api.async.kind == schema::AsyncSpec::Kind::kJob) {
    wait_diags.error("Failed to update " + schema_.type_name + " " + id,
                     "The update was accepted, but its answer (with the id of its job) was lost, so the job cannot "
                     "be awaited. " +
                         consequence_of_failed_wait(Operation::kUpdate));
  } else {
    took_effect = await(id, string_at(res->body, "jobId"), planned,
                        operation_timeout(schema_, planned, Operation::kUpdate), Operation::kUpdate, wait_diags);
  }
  Value state = answer_is_final(res->body) ? reconcile(planned, from_api(schema_, res->body, planned))
                                           : settle(id, planned, diags, Operation::kUpdate);
  diags.append(wait_diags);
  if (state.is_null()) return prior;
  return took_effect ? state : with_prior_arguments(schema_, state, prior, planned);
}

json ResourceEngine::own_fields(const json& body) const {
  json own = body;
  for (const schema::ReadAlso& section : schema_.api.read_also) {
    if (section.write) own.erase(section.as);
  }
  return own;
}

json ResourceEngine::section_body(const schema::ReadAlso& section, const json& body) const {
  json out = section.write->constants;
  if (const json* part = field_at(body, section.as); part && part->is_object()) out.update(*part);
  for (const std::string& field : section.write->copy) {
    if (body.contains(field)) out[field] = body[field];
  }
  return out;
}

json ResourceEngine::overlay_section(const schema::ReadAlso& section, json current, const json& body) const {
  // The dotted fields (relative to the section) whose values the schema models: each replaces
  // the current value whole (a set's array, an object-valued attribute); every other object,
  // the section's own top level included, is merged key by key, so what the provider does not
  // model (`advanced`, `credentials`, unmodelled properties) is sent back as it was read.
  std::set<std::string> modelled;
  const std::string prefix = section.as + ".";
  for (const schema::Attribute& a : schema_.attributes) {
    if (a.api_field.rfind(prefix, 0) == 0) modelled.insert(a.api_field.substr(prefix.size()));
  }
  for (const std::string& field : section.write->copy) modelled.insert(field);
  std::function<void(json&, const json&, const std::string&)> lay = [&](json& into, const json& from,
                                                                        const std::string& path) {
    for (const auto& [key, value] : from.items()) {
      const std::string at = path.empty() ? key : path + "." + key;
      auto it = into.find(key);
      if (!modelled.count(at) && value.is_object() && it != into.end() && it->is_object()) {
        lay(*it, value, at);
      } else {
        into[key] = value;
      }
    }
  };
  if (!current.is_object()) return body;
  lay(current, body, "");
  return current;
}

base::Result<rest::Response, rest::Error> ResourceEngine::write_section(const std::string& id,
                                                                        const schema::ReadAlso& section,
                                                                        const json& body) {
  const schema::SectionWrite& write = *section.write;
  const std::string path = replace_all(section.path, "{id}", base::percent_encode(id));
  auto delay = std::chrono::milliseconds(200);
  for (int attempt = 0;; ++attempt) {
    json sent = body;
    if (!write.version_field.empty()) {
      // The version is a write token read right before each write, not the plan's: drift in the
      // section's values shows in the plan itself (docs/design/engine-rules.md "Sections").
      auto current = send({"GET", path, {}, std::nullopt});
      if (!current.ok()) return current.error();
      // A PUT replaces the whole section: start from what it holds now (docs/design/engine-rules.md).
      sent = overlay_section(section, current->body, body);
      if (const json* version = field_at(current->body, write.version_field)) sent[write.version_field] = *version;
    }
    auto res = send({write.method, path, {}, sent});
    if (res.ok() || write.version_field.empty() || attempt >= write.conflict_retries ||
        !is_version_conflict(res.error())) {
      return res;
    }
    base::log::info("section version conflict, reading the version again",
                    {{"type", schema_.type_name}, {"id", id}, {"section", section.as}});
    if (cancel_.sleep_for(delay)) return res;
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

base::Result<rest::Response, rest::Error> ResourceEngine::send(const rest::Request& request,
                                                               rest::RequestOutcome* outcome) {
  auto delay = std::chrono::milliseconds(200);
  std::optional<Clock::time_point> until = not_found_grace_until_;
  if (until && not_found_grace_each_) until = std::min(*until, Clock::now() + *not_found_grace_each_);
  while (true) {
    auto res = client_.send(request, outcome);
    if (res.ok() || res.error().http_status != 404 || !until) return res;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*until - Clock::now());
    if (left.count() <= 0) return res;
    base::log::debug("new object not visible yet, asking again",
                     {{"type", schema_.type_name}, {"method", request.method}, {"path", request.path}});
    if (cancel_.sleep_for(std::min(delay, left))) return res;
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

base::Result<rest::Response, base::Diagnostic> ResourceEngine::recover_version_conflict(const std::string& id,
                                                                                        const json& sent) {
  // The client re-sends a PUT whose answer was lost (5xx, dropped connection); when the first
  // one had landed, the re-send meets the version it made. Then the object holds what we sent.
  auto current = client_.send({"GET", item_path(id), {}, std::nullopt});
  if (current.ok() && holds_what_was_sent(sent, current->body)) {
    base::log::info("version.mismatch after this apply's own update landed", {{"type", schema_.type_name}, {"id", id}});
    return std::move(current).value();
  }
  base::Diagnostic d;
  d.summary = "Failed to update " + schema_.type_name + " " + id + ": it changed since the plan";
  d.detail =
      "The API refused the update (version.mismatch): the object was changed by someone else after this plan "
      "read it, and applying the plan now would overwrite that change. Nothing was changed. Run plan again to "
      "see the object as it is now, then apply.";
  if (!current.ok()) d.detail += "\n(Reading the current object failed too: " + current.error().summary() + ".)";
  return d;
}

void ResourceEngine::remove(const Value& prior, base::Diagnostics& diags) {
  std::string id = id_of(prior);
  if (id.empty()) return;
  const std::string still_there = "\n\nThe object still exists and stays in state.";
  // A dependent whose delete is finishing in this same apply keeps the object in use for a
  // moment: retry within the delete timeout (docs/design/engine-rules.md).
  const auto in_use_window = schema_.timeouts ? operation_timeout(schema_, prior, Operation::kDelete)
                                              : kInUseRetryWithoutTimeout;
  const auto deadline = base::deadline_after(in_use_window);
  auto delay = std::chrono::milliseconds(250);
  base::Result<rest::Response, rest::Error> res = rest::Error{};
  while (true) {
    res = client_.send({"DELETE", item_path(id), {}, std::nullopt});
    if (res.ok()) break;
    const rest::Error& error = res.error();
    if (error.http_status == 404) return;  // already gone: the goal is reached
    if (!in_use(error)) {
      base::Diagnostic d = api_error_diagnostic(schema_, "delete", error);
      d.detail += still_there;
      diags.add(std::move(d));
      return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      const std::string dependent = error.entity_name.empty() ? error.entity_id
                                    : error.entity_id.empty() ? error.entity_name
                                                              : error.entity_name + " (id " + error.entity_id + ")";
      diags.error("Failed to delete " + schema_.type_name + " " + id + ": still in use" +
                      (dependent.empty() ? "" : " by " + dependent),
                  "The API kept refusing the delete (" + error.code + ") for " +
                      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(in_use_window).count()) +
                      " s: " + error.message + ". Delete or change what uses it first." +
                      correlation_line(error.correlation_id) + still_there);
      return;
    }
    if (cancel_.sleep_for(std::min(delay, left))) {
      diags.error("Interrupted", "Stopped while retrying the delete of " + schema_.type_name + " " + id +
                                     ", which was still in use (" + error.code + ")." + still_there);
      return;
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
  if (schema_.api.async.kind == schema::AsyncSpec::Kind::kJob && schema_.api.async.wait_on_delete) {
    await(id, string_at(res->body, "jobId"), prior, operation_timeout(schema_, prior, Operation::kDelete),
          Operation::kDelete, diags);
  }
  if (schema_.api.eventually_consistent) await_gone(id, prior, diags);
}

void ResourceEngine::await_gone(const std::string& id, const Value& prior, base::Diagnostics& diags) {
  const auto timeout = schema_.timeouts ? operation_timeout(schema_, prior, Operation::kDelete)
                                        : kInUseRetryWithoutTimeout;
  const auto deadline = base::deadline_after(timeout);
  auto delay = std::chrono::milliseconds(200);
  while (true) {
    auto res = client_.send({"GET", item_path(id), {}, std::nullopt});
    if (!res.ok() && res.error().http_status == 404) return;
    if (!res.ok()) {
      base::Diagnostic d = api_error_diagnostic(schema_, "wait for delete of", res.error());
      d.detail += "\n\n" + consequence_of_failed_wait(Operation::kDelete);
      diags.add(std::move(d));
      return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      diags.error(schema_.type_name + " " + id + ": timed out waiting for delete",
                  "The API accepted the delete but still answers for the object after " +
                      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(timeout).count()) +
                      " s. Raise the delete timeout in the resource's `timeouts` block. " +
                      consequence_of_failed_wait(Operation::kDelete));
      return;
    }
    if (cancel_.sleep_for(std::min(delay, left))) {
      diags.error("Interrupted", "Stopped while waiting for the delete of " + schema_.type_name + " " + id +
                                     " to finish. " + consequence_of_failed_wait(Operation::kDelete));
      return;
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

base::Result<rest::Response, rest::Error> ResourceEngine::fetch(const std::string& id) {
  auto res = send({"GET", item_path(id), {}, std::nullopt});
  if (!res.ok()) return res.error();
  for (const auto& [field, expected] : schema_.api.object_match) {
    if (const std::string actual = string_at(res->body, field); actual != expected) {
      rest::Error other_kind;
      other_kind.kind = rest::Error::Kind::kHttp;
      other_kind.http_status = 404;
      other_kind.code = kOtherKindCode;
      other_kind.message = "object " + id + " is not a " + schema_.type_name + ": its `" + field + "` is \"" + actual +
                           "\", not \"" + expected + "\"";
      other_kind.correlation_id = res->correlation_id;
      return other_kind;
    }
  }
  for (const schema::ReadAlso& extra : schema_.api.read_also) {
    auto more = send({"GET", replace_all(extra.path, "{id}", base::percent_encode(id)), {}, std::nullopt});
    if (!more.ok()) return more.error();
    if (res->body.is_object()) res->body[extra.as] = std::move(more->body);
  }
  return res;
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
  if (const json* entries = field_at(limits->body, "limits"); entries && entries->is_array()) {
    for (const json& entry : *entries) {
      if (string_at(entry, "key") == limit->key) {
        if (const json* v = field_at(entry, "value"); v && v->is_number_integer()) max = v->get<int64_t>();
      }
    }
  }
  if (!max) return true;  // the organization publishes no such limit: let the API decide
  auto existing = client_.list_all(schema_.api.collection_path, schema_.api.list_query);
  if (!existing.ok()) {
    diags.add(api_error_diagnostic(schema_, "count existing objects before creating", existing.error()));
    return false;
  }
  if (static_cast<int64_t>(existing->size()) < *max) return true;
  diags.add(collection_limit_diagnostic(schema_, "The organization already holds " + std::to_string(existing->size()) +
                                                     " " + limit->noun + ", its limit (" + std::to_string(*max) +
                                                     ")."));
  return false;
}

bool ResourceEngine::answer_is_final(const json& body) const {
  return schema_.api.async.kind == schema::AsyncSpec::Kind::kNone && schema_.api.read_also.empty() &&
         body.is_object() && body.contains("id");
}

Value ResourceEngine::settle(const std::string& id, const Value& planned, base::Diagnostics& diags,
                             Operation operation) {
  auto res = fetch(id);
  if (!res.ok()) {
    diags.add(api_error_diagnostic(schema_, "read back after " + std::string(operation_name(operation)) + " of",
                                   res.error()));
    return Value::null(schema_.object_type());
  }
  return reconcile(planned, from_api(schema_, res->body, planned));
}

bool ResourceEngine::await(const std::string& id, const std::string& job_id, const Value& planned,
                           std::chrono::milliseconds timeout, Operation operation, base::Diagnostics& diags,
                           const std::string& before_status) {
  const schema::AsyncSpec& spec = schema_.api.async;
  if (spec.kind == schema::AsyncSpec::Kind::kNone) return true;
  if (!spec.skip_attribute.empty()) {
    const Value& flag = planned.attribute(spec.skip_attribute);
    if (!flag.is_null() && flag.is_known() && !flag.as_bool()) return true;
  }
  const std::string op(operation_name(operation));
  std::string path = replace_all(replace_all(spec.poll_path, "{id}", base::percent_encode(id)), "{jobId}",
                                 base::percent_encode(job_id));
  if (spec.kind == schema::AsyncSpec::Kind::kJob && job_id.empty()) {
    diags.error("Failed to " + op + " " + schema_.type_name,
                "The API did not return a job id to wait for. " + consequence_of_failed_wait(operation));
    return false;
  }
  const auto deadline = base::deadline_after(timeout);
  auto delay = std::chrono::milliseconds(100);
  std::mt19937 rng(std::random_device{}());
  std::string last_status;
  const std::vector<std::string> success_states = spec.success_states_for(planned);
  // A state wait follows a write: a poll right after it may still show the state from before
  // it (a stale ACTIVE, or a stale ERROR the write is fixing). A terminal state counts once the
  // reported state differs from the one known before the write or has changed since the first
  // poll, or it has been read consistently for kStateSettle (docs/design/engine-rules.md
  // "Polling").
  const bool needs_evidence = spec.kind == schema::AsyncSpec::Kind::kState;
  const auto settle = std::min(kStateSettle, timeout / 2);
  const auto started = Clock::now();
  std::string first_status;
  bool changed = false;
  int polls = 0;
  while (true) {
    auto res = send({"GET", path, {}, std::nullopt});
    if (!res.ok()) {
      base::Diagnostic d = api_error_diagnostic(schema_, "wait for " + op + " of", res.error());
      d.detail += "\n\n" + consequence_of_failed_wait(operation);
      diags.add(std::move(d));
      return false;
    }
    last_status = string_at(res->body, spec.status_field);
    if (polls++ == 0) first_status = last_status;
    changed = changed || last_status != first_status || (!before_status.empty() && last_status != before_status);
    const auto left_now = deadline - Clock::now();
    const bool evidence = !needs_evidence || changed || (polls >= kSettlePolls && Clock::now() - started >= settle) ||
                          left_now.count() <= 0;
    if (evidence && contains(success_states, last_status)) return true;
    if (evidence && contains(spec.failure_states, last_status)) {
      std::string message = string_at(res->body, spec.message_field);
      std::string code = string_at(res->body, spec.code_field);
      diags.error(schema_.type_name + " " + id + ": " + op + " ended " + last_status,
                  "The platform reported: " + (message.empty() ? std::string("(no message)") : message) +
                      (code.empty() ? "" : "\nError code: " + code) + correlation_line(res->correlation_id) + "\n\n" +
                      consequence_of_failed_wait(operation));
      return false;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      diags.error(schema_.type_name + " " + id + ": timed out waiting for " + op,
                  "Still `" + last_status + "` when the " + op +
                      " timeout ran out. Raise it in the resource's `timeouts` block. " +
                      consequence_of_failed_wait(operation));
      return false;
    }
    // Settling on a state that has not changed: read it often enough to end near kStateSettle.
    auto wait = needs_evidence && !changed ? std::min(delay, kSettlePollCap) : delay;
    if (auto it = res->headers.find("retry-after"); it != res->headers.end()) {
      wait = std::max(wait, rest::parse_retry_after(it->second).value_or(wait));
    }
    wait += std::chrono::milliseconds(std::uniform_int_distribution<int>(0, static_cast<int>(delay.count() / 5))(rng));
    // A wait past the deadline is cut to it: the status is read once more before timing out.
    if (cancel_.sleep_for(std::min(wait, left))) {
      diags.error("Interrupted", "Stopped while waiting for " + op + " of " + schema_.type_name + " " + id +
                                     " (last status `" + last_status + "`). " + consequence_of_failed_wait(operation));
      return false;
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
}

Value ResourceEngine::read(const Value& current, base::Diagnostics& diags) {
  std::string id = id_of(current);
  // An eventually consistent platform may answer 404 for an object that exists: one 404 does not
  // drop it from state, it is asked again (send()) until kReadNotFoundGrace has passed
  // (docs/design/engine-rules.md "Eventual consistency").
  if (schema_.api.eventually_consistent) not_found_grace_until_ = Clock::now() + kReadNotFoundGrace;
  auto res = fetch(id);
  not_found_grace_until_.reset();
  if (!res.ok()) {
    if (res.error().http_status == 404) {
      base::log::info("object gone, removing from state", {{"type", schema_.type_name}, {"id", id}});
      return Value::null(schema_.object_type());
    }
    diags.add(api_error_diagnostic(schema_, "read", res.error()));
    return current;
  }
  return read_listed(current, res->body);
}

Value ResourceEngine::read_listed(const Value& current, const json& object) {
  Value state = from_api(schema_, object, current);
  // An object whose verification failed has not reached the settings it holds (an update whose
  // wait failed): the state keeps the arguments it had, so the plan keeps proposing them.
  const schema::AsyncSpec& spec = schema_.api.async;
  if ((spec.kind == schema::AsyncSpec::Kind::kVerification || spec.kind == schema::AsyncSpec::Kind::kState) &&
      contains(spec.failure_states, string_at(object, spec.status_field))) {
    return with_prior_arguments(schema_, state, current, state);
  }
  return state;
}

Value ResourceEngine::import(const std::string& id, base::Diagnostics& diags) {
  auto res = fetch(id);
  if (!res.ok()) {
    if (res.error().http_status == 404) {
      diags.error("Cannot import " + schema_.type_name,
                  "No object with id \"" + id + "\" exists" +
                      (res.error().code == kOtherKindCode ? " (" + res.error().message + ")" : std::string()) +
                      ". Import takes the object id (see the Import section of the resource's documentation)." +
                      correlation_line(res.error().correlation_id));
    } else {
      diags.add(api_error_diagnostic(schema_, "import", res.error()));
    }
    return Value::null(schema_.object_type());
  }
  return from_api(schema_, res->body, Value::null(schema_.object_type()));
}

}  // namespace ge::mapping
