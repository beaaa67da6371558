// Integrations, their current configuration and the integration types
// (docs/reference/platform-api.md "Amazon EventBridge integration"). Scopes:
// `integrations` writes, `integrations:readonly` or `integrations` reads. The stored
// form, reportedState and eventual consistency live in integration_lifecycle.h.
#include "app.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "integration_lifecycle.h"
#include "json_schema.h"
#include "kinds.h"
#include "paging.h"
#include "platform_catalog.h"

namespace genesys_emulator {
namespace {

const std::vector<std::string> kReadScopes = {"integrations:readonly", "integrations"};
const std::vector<std::string> kWriteScopes = {"integrations"};
constexpr const char* kStaleVersion =
    "The version number of the modified resource must match the version number in the database.";

ApiError integration_not_found(const std::string& id) { return not_found("No integration with id " + id); }

// The integration a write may change: present and not deleted (writes see no
// eventual consistency). The caller holds the store lock.
const nlohmann::json* writable(App& app, const std::string& id) {
  const auto* stored = app.store.find(kIntegrations, id);
  return stored && !deleted(*stored) ? stored : nullptr;
}

void register_types(App& app) {
  const std::string base = std::string(kIntegrationsPath) + "/types";
  app.api.add("GET", base, kReadScopes, [base](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    for (const auto& type : integration_types()) items.push_back(type.description);
    return Reply::json(200, make_page(items, *page, base));
  });
  app.api.add("GET", base + "/{typeId}", kReadScopes, [](RequestContext& ctx) {
    const auto* type = find_integration_type(ctx.param("typeId"));
    if (!type) return Reply::fail(not_found("No integration type " + ctx.param("typeId")));
    return Reply::json(200, type->description);
  });
  app.api.add("GET", base + "/{typeId}/configschemas/{configType}", kReadScopes, [](RequestContext& ctx) {
    const auto* type = find_integration_type(ctx.param("typeId"));
    if (!type) return Reply::fail(not_found("No integration type " + ctx.param("typeId")));
    if (ctx.param("configType") == "properties") return Reply::json(200, type->properties_schema);
    if (ctx.param("configType") == "advanced") return Reply::json(200, type->advanced_schema);
    return Reply::fail(not_found("No configuration schema " + ctx.param("configType") + " (properties, advanced)"));
  });
}

void register_integration_routes(App& app) {
  const std::string base = kIntegrationsPath;

  app.api.add("GET", base, kReadScopes, [base](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error, "ids");
    if (!page) return Reply::fail(error);
    bool expand = expands(ctx.http, "config.current");
    std::optional<std::string> type_filter, state_filter;
    for (auto [param, filter] : {std::pair{"integrationType", &type_filter}, std::pair{"reportedState", &state_filter}})
      if (ctx.http.has_param(param)) {
        *filter = ctx.http.get_param_value(param);
        page->extra_query += std::string("&") + param + "=" + httplib::detail::encode_query_param(**filter);
      }
    if (expand) page->extra_query += "&expand=config.current";
    std::vector<nlohmann::json> items;
    {
      auto lock = ctx.app.store.lock();
      auto now = ctx.app.clock.now_ms();
      for (const auto* stored : ctx.app.store.list(kIntegrations)) {
        if (type_filter && (*stored)["integrationType"]["id"] != *type_filter) continue;
        nlohmann::json shown = render_read(*stored, expand, now);
        if (state_filter && shown["reportedState"]["code"] != *state_filter) continue;
        // Last, so that only a read that would list it counts while it flaps.
        if (!read_sees(ctx.app, *stored, now)) continue;
        items.push_back(std::move(shown));
      }
    }
    return Reply::json(200, make_page(items, *page, base));
  });

  app.api.add("GET", base + "/{id}", kReadScopes, [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* stored = ctx.app.store.find(kIntegrations, ctx.param("id"));
    auto now = ctx.app.clock.now_ms();
    if (!stored || !read_sees(ctx.app, *stored, now)) return Reply::fail(integration_not_found(ctx.param("id")));
    return Reply::json(200, render_read(*stored, expands(ctx.http, "config.current"), now));
  });

  app.api.add("POST", base, kWriteScopes, [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    FieldReader r;
    std::optional<std::string> type_id;
    if (const auto* type = r.object(*body, "", "integrationType", true)) {
      type_id = r.string(*type, "integrationType", "id", {.required = true, .min_length = 1});
      if (type_id && !find_integration_type(*type_id)) {
        r.add("integrationType.id", "not.found", "integrationType.id names no integration type: " + *type_id);
        type_id.reset();
      }
    }
    auto name = r.string(*body, "", "name", {.min_length = 1, .max_length = 256});
    auto notes = r.string(*body, "", "notes", {.max_length = 4096});
    auto intended = r.string(*body, "", "intendedState", {.one_of = {"ENABLED", "DISABLED"}});
    if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));

    auto config = ctx.app.config.snapshot();
    std::string type_name = find_integration_type(*type_id)->description["name"].get<std::string>();
    const auto visible_at = ctx.app.clock.now_ms() + config.integration_visible_after_ms;
    nlohmann::json stored = new_integration(*type_id, name.value_or(type_name), notes.value_or(""), visible_at);
    if (config.integration_read_flap_ms > 0) stored["_flapUntilMs"] = visible_at + config.integration_read_flap_ms;
    bool enable = intended == "ENABLED";
    if (enable) {
      stored["intendedState"] = "ENABLED";
      begin_transition(stored, "ACTIVATING");
    }
    {
      auto lock = ctx.app.store.lock();
      ctx.app.store.put(kIntegrations, stored);
    }
    if (enable) schedule_transition(ctx.app, stored);
    Reply reply = Reply::json(201, render_integration(stored, false));
    reply.headers.emplace_back("Location", stored["selfUri"].get<std::string>());
    return reply;
  });

  app.api.add("PATCH", base + "/{id}", kWriteScopes, [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    const auto stale_ms = ctx.app.config.snapshot().integration_stale_state_ms;
    nlohmann::json stored;
    bool changed = false;
    {
      auto lock = ctx.app.store.lock();
      const auto* current = writable(ctx.app, ctx.param("id"));
      if (!current) return Reply::fail(integration_not_found(ctx.param("id")));
      FieldReader r;
      auto intended = r.string(*body, "", "intendedState", {.required = true, .one_of = {"ENABLED", "DISABLED"}});
      if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
      stored = *current;
      changed = stored["intendedState"] != *intended;
      if (changed) {
        stored["intendedState"] = *intended;
        stored["version"] = stored["version"].get<std::int64_t>() + 1;
        begin_transition(stored, *intended == "ENABLED" ? "ACTIVATING" : "DEACTIVATING");
        hold_stale_state(stored, *current, stale_ms, ctx.app.clock.now_ms());
        ctx.app.store.put(kIntegrations, stored);
      }
    }
    if (changed) schedule_transition(ctx.app, stored);
    return Reply::json(200, render_integration(stored, false));
  });

  app.api.add("DELETE", base + "/{id}", kWriteScopes, [](RequestContext& ctx) {
    auto linger = ctx.app.config.snapshot().integration_delete_linger_ms;
    nlohmann::json removed;
    {
      auto lock = ctx.app.store.lock();
      const auto* current = writable(ctx.app, ctx.param("id"));
      if (!current) return Reply::fail(integration_not_found(ctx.param("id")));
      removed = *current;
      if (linger > 0) {
        nlohmann::json gone = removed;
        gone["_goneAtMs"] = ctx.app.clock.now_ms() + linger;
        ctx.app.store.put(kIntegrations, std::move(gone));
      } else {
        ctx.app.store.erase(kIntegrations, ctx.param("id"));
      }
    }
    if (linger > 0) schedule_removal(ctx.app, ctx.param("id"), linger);
    return Reply::json(200, render_integration(removed, false));
  });

  app.api.add("GET", base + "/{id}/config/current", kReadScopes, [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    // Readable from the create on, even while the object's GET still answers 404: real
    // clients read the configuration right after the POST without retrying
    // (docs/emulator.md "The Platform API").
    const auto* stored = ctx.app.store.find(kIntegrations, ctx.param("id"));
    if (!stored || !configuration_readable(*stored, ctx.app.clock.now_ms()))
      return Reply::fail(integration_not_found(ctx.param("id")));
    return Reply::json(200, render_configuration(*stored));
  });

  // All six fields are required; properties and advanced are held to the type's
  // served schemas; then the version must be the current one.
  app.api.add("PUT", base + "/{id}/config/current", kWriteScopes, [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    const auto stale_ms = ctx.app.config.snapshot().integration_stale_state_ms;
    nlohmann::json stored;
    bool reactivate = false;
    {
      auto lock = ctx.app.store.lock();
      const auto* current = writable(ctx.app, ctx.param("id"));
      if (!current) return Reply::fail(integration_not_found(ctx.param("id")));
      const auto* type = find_integration_type((*current)["integrationType"]["id"].get<std::string>());
      FieldReader r;
      auto name = r.string(*body, "", "name", {.required = true, .min_length = 1, .max_length = 256});
      auto version = r.integer(*body, "", "version", {.required = true, .min = 1});
      const auto* properties = r.object(*body, "", "properties", true);
      const auto* advanced = r.object(*body, "", "advanced", true);
      auto notes = r.string(*body, "", "notes", {.required = true, .max_length = 4096});  // may be empty
      const auto* credentials = r.object(*body, "", "credentials", true);
      if (properties) check_json_schema(type->properties_schema, *properties, "properties", r);
      if (advanced) check_json_schema(type->advanced_schema, *advanced, "advanced", r);
      if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
      auto current_version = (*current)["_config"]["version"].get<std::int64_t>();
      if (*version != current_version) return Reply::fail(conflict("version.mismatch", kStaleVersion));

      stored = *current;
      stored["_config"] = {
          {"name", *name},   {"version", current_version + 1}, {"properties", *properties}, {"advanced", *advanced},
          {"notes", *notes}, {"credentials", *credentials}};
      stored["name"] = *name;
      stored["notes"] = *notes;
      stored["version"] = stored["version"].get<std::int64_t>() + 1;
      reactivate = stored["intendedState"] == "ENABLED";
      if (reactivate) begin_transition(stored, "ACTIVATING");
      hold_stale_state(stored, *current, stale_ms, ctx.app.clock.now_ms());
      ctx.app.store.put(kIntegrations, stored);
    }
    if (reactivate) schedule_transition(ctx.app, stored);
    return Reply::json(200, render_configuration(stored));
  });
}

}  // namespace

void register_integrations(App& app) {
  register_types(app);
  register_integration_routes(app);
}

}  // namespace genesys_emulator
