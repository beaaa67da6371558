// The /emulator/ controls (docs/reference/api-contract.md "Controls"): unauthenticated and
// answered only to loopback clients (http_server.cpp enforces that).
#include "app.h"
#include "auth/oauth.h"
#include "catalog.h"
#include "crud.h"
#include "deliveries.h"
#include "handlers/handlers.h"
#include "identifiers.h"

#include <charconv>

namespace genesys_emulator {
namespace {

// Reads a topic's editable fields; `creating` makes name and eventTypes required.
nlohmann::json read_topic(const nlohmann::json& body, FieldReader& r, bool creating) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = creating, .min_length = 1, .max_length = 256})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  if (auto v = r.string(body, "", "status", {.one_of = {"active", "inactive"}})) out["status"] = *v;
  else if (creating) out["status"] = "active";
  if (const auto* types = r.array(body, "", "eventTypes", creating, 0, 1000)) {
    bool good = true;
    for (std::size_t i = 0; i < types->size(); ++i)
      good = r.check_string((*types)[i], index_path("eventTypes", i), {.min_length = 1}) && good;
    if (good) out["eventTypes"] = *types;
  }
  return out;
}

}  // namespace

void register_controls(App& app) {
  Router& c = app.controls;

  c.add("POST", "/emulator/reset", "", [](RequestContext& ctx) {
    ctx.app.reset();
    return Reply::empty(204);
  });

  c.add("GET", "/emulator/config", "", [](RequestContext& ctx) { return Reply::json(200, ctx.app.config.to_json()); });

  c.add("PATCH", "/emulator/config", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    if (auto refused = ctx.app.config.patch(*body)) return Reply::fail(*refused);
    return Reply::json(200, ctx.app.config.to_json());
  });

  c.add("POST", "/emulator/clients", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    FieldReader r;
    auto id = r.string(*body, "", "clientId", {.required = true, .min_length = 1});
    auto secret = r.string(*body, "", "clientSecret", {.required = true, .min_length = 1});
    std::set<std::string> scopes;
    if (const auto* list = r.array(*body, "", "scopes", true, 0, 1000)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        std::string path = index_path("scopes", i);
        if (!r.check_string((*list)[i], path, {.one_of = all_scopes()})) continue;
        scopes.insert((*list)[i].get<std::string>());
      }
    }
    if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
    bool created = ctx.app.oauth.upsert_client(*id, *secret, scopes);
    return Reply::json(created ? 201 : 200, {{"clientId", *id}, {"scopes", scopes}});
  });

  c.add("POST", "/emulator/tokens/revoke", "", [](RequestContext& ctx) {
    std::optional<std::string> client;
    if (!ctx.http.body.empty()) {
      ApiError error;
      auto body = parse_json_object(ctx.http, error);
      if (!body) return Reply::fail(error);
      FieldReader r;
      client = r.string(*body, "", "clientId", {.min_length = 1});
      if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
    }
    return Reply::json(200, {{"revoked", ctx.app.oauth.revoke(client)}});
  });

  c.add("POST", "/emulator/clock/advance", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    FieldReader r;
    auto ms = r.integer(*body, "", "ms", {.required = true, .min = 0, .max = 10LL * 365 * 86400 * 1000});
    if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
    return Reply::json(200, {{"offsetMs", ctx.app.clock.advance(*ms)}});
  });

  c.add("POST", "/emulator/topics", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    FieldReader r;
    auto id = r.string(*body, "", "id", {.min_length = 1, .max_length = 128});
    nlohmann::json topic = read_topic(*body, r, true);
    if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
    topic["id"] = id.value_or(new_uuid());
    topic["selfUri"] = topic_self_uri(topic["id"].get<std::string>());
    auto lock = ctx.app.store.lock();
    if (ctx.app.store.find(kTopics, topic["id"].get<std::string>())) {
      ApiError dup = conflict("duplicate.id", "A topic with id " + topic["id"].get<std::string>() + " already exists");
      dup.entity_id = topic["id"].get<std::string>();
      return Reply::fail(dup);
    }
    ctx.app.store.put(kTopics, topic);
    return Reply::json(201, render(topic));
  });

  c.add("PATCH", "/emulator/topics/{id}", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    FieldReader r;
    nlohmann::json changes = read_topic(*body, r, false);
    if (!r.ok()) return Reply::fail(field_errors(r.take_errors()));
    auto lock = ctx.app.store.lock();
    const auto* current = ctx.app.store.find(kTopics, ctx.param("id"));
    if (!current) return Reply::fail(not_found("No topic with id " + ctx.param("id")));
    nlohmann::json topic = *current;
    topic.update(changes);
    ctx.app.store.put(kTopics, topic);
    return Reply::json(200, render(topic));
  });

  c.add("GET", "/emulator/requests", "", [](RequestContext& ctx) {
    std::uint64_t since = 0;
    if (ctx.http.has_param("since")) {
      auto text = ctx.http.get_param_value("since");
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), since);
      if (ec != std::errc() || end != text.data() + text.size())
        return Reply::fail(field_errors({{"since", "invalid.type", "since must be a non-negative integer"}}));
    }
    return Reply::json(200, ctx.app.request_log.since(since));
  });

  c.add("POST", "/emulator/events", "", [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    return publish_event(ctx.app, *body);
  });
}

}  // namespace genesys_emulator
