// genesysevents_eventbridge_integration (schemas/eventbridge_integration.json): what its schema
// cannot say. Both need the API at plan time, through the per-process lookup cache:
// - partner_event_source_name is built from the organization id (GET /api/v2/organizations/me)
//   and the suffix, at plan when both are known, and on every state the engine returns;
// - each topic filter must be a topic the organization may receive over EventBridge
//   (GET /api/v2/notifications/availabletopics), checked at plan time with one request per plan.
#include <algorithm>
#include <set>

#include "base/log.h"
#include "mapping/functions.h"
#include "mapping/json_fields.h"
#include "mapping/topic_catalog.h"
#include "mapping/type_hooks.h"

namespace ge::mapping::hooks {
namespace {

using value::Value;

constexpr const char* kOrganizationPath = "/api/v2/organizations/me";

// The partner event source name for this organization and suffix; nullopt (with the reason in
// `problem`) when the organization cannot be read or the pair is not a valid name.
std::optional<std::string> partner_source_name(HookContext& context, const std::string& suffix, std::string& problem) {
  auto organization = context.cache.get(*context.client, kOrganizationPath);
  if (!organization.ok()) {
    problem = "reading the organization failed: " + organization.error().summary();
    return std::nullopt;
  }
  const FunctionDefinition* build = find_function("partner_event_source_name");
  auto name = call_function(*build, {Value::string(string_at(*organization, "id")), Value::string(suffix)});
  if (!name.ok()) {
    problem = name.error().text;
    return std::nullopt;
  }
  return name->as_string();
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest(const std::string& filter, const std::set<std::string>& topics) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& topic : topics) {
    size_t d = edit_distance(filter, topic);
    if (d < best_distance) best = topic, best_distance = d;
  }
  return best;
}

void check_topic_filters(const Value& filters, HookContext& context, base::Diagnostics& diags) {
  if (filters.is_null() || !filters.is_wholly_known()) return;
  auto catalog = read_topic_catalog(context);
  if (!catalog.ok()) {
    diags.warning("Could not check topic_filters at plan time",
                  "Reading the organization's notification topics failed (" + catalog.error().summary() +
                      "), so the filters are checked by the platform when the configuration is saved.",
                  base::AttributePath("topic_filters"));
    return;
  }
  std::set<std::string> eventbridge, elsewhere;
  for (const NotificationTopic& topic : *catalog) {
    (topic.has_transport("EventBridge") ? eventbridge : elsewhere).insert(topic.id);
  }
  for (const Value& element : filters.elements()) {
    const std::string filter = element.as_string();
    if (eventbridge.count(filter)) continue;
    std::string detail = "`topic_filters` holds \"" + filter + "\", ";
    detail += elsewhere.count(filter)
                  ? "a topic this organization can receive over other transports only, not over EventBridge."
                  : "which is not a topic this organization can receive over EventBridge.";
    if (!eventbridge.empty()) detail += " The closest one that is: \"" + closest(filter, eventbridge) + "\".";
    detail += " The data source genesysevents_notification_topics with transport = \"EventBridge\" lists them all.";
    diags.error("Invalid topic filter \"" + filter + "\"", detail, base::AttributePath("topic_filters"));
  }
}

// The plan and the apply must agree on partner_event_source_name: known at plan when it can be
// built then, otherwise unknown, never a null the apply would then fill (a state whose name
// could not be built, null, plans it again; "Provider produced inconsistent result after apply"
// with -refresh=false or a saved plan otherwise).
void modify_plan(const schema::ResourceSchema&, Plan& plan, const Value& config, HookContext& context,
                 base::Diagnostics& diags) {
  if (plan.planned.is_null()) return;
  if (context.client) check_topic_filters(config.attribute("topic_filters"), context, diags);
  const Value& planned_name = plan.planned.attribute("partner_event_source_name");
  if (planned_name.is_known() && !planned_name.is_null()) return;
  const std::string suffix = known_string(plan.planned.attribute("event_source_suffix"));
  std::string problem;
  if (context.client && !suffix.empty()) {
    if (auto name = partner_source_name(context, suffix, problem)) {
      plan.planned = plan.planned.with_attribute("partner_event_source_name", Value::string(*name));
      return;
    }
  }
  // Not configured yet, the suffix unknown, or the organization unreadable: the apply fills it.
  plan.planned = plan.planned.with_attribute("partner_event_source_name", Value::unknown(value::Type::string()));
}

Value complete_state(const schema::ResourceSchema&, Value state, HookContext& context, base::Diagnostics& diags) {
  const std::string suffix = known_string(state.attribute("event_source_suffix"));
  if (suffix.empty() || !known_string(state.attribute("partner_event_source_name")).empty()) return state;
  std::string problem;
  if (auto name = partner_source_name(context, suffix, problem)) {
    return state.with_attribute("partner_event_source_name", Value::string(*name));
  }
  diags.warning("partner_event_source_name is unknown",
                "It is built from the organization id and event_source_suffix, but " + problem +
                    ". The next refresh tries again.",
                base::AttributePath("partner_event_source_name"));
  // A state the engine returns is wholly known: null until a refresh can build it.
  return state.with_attribute("partner_event_source_name", Value::null(value::Type::string()));
}

}  // namespace

extern const TypeHooks eventbridge_integration{modify_plan, complete_state, nullptr};

}  // namespace ge::mapping::hooks
