#include "crud.h"

#include "app.h"
#include "identifiers.h"
#include "paging.h"

namespace genesys_emulator {

nlohmann::json render(const nlohmann::json& stored) {
  nlohmann::json out = nlohmann::json::object();
  for (auto it = stored.begin(); it != stored.end(); ++it) {
    if (!it.key().empty() && it.key().front() == '_') continue;
    if (it.key() == "signingKey") continue;
    out[it.key()] = it.value();
  }
  if (auto auth = out.find("authConfig"); auth != out.end() && auth->is_object()) {
    auth->erase("password");
    auth->erase("clientSecret");
    auth->erase("token");
    if (auth->empty()) out.erase(auth);
  }
  return out;
}

std::optional<nlohmann::json> parse_json_object(const httplib::Request& request, ApiError& error) {
  if (request.body.empty()) {
    error = bad_request("A JSON object body is required");
    return std::nullopt;
  }
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    error = bad_request("The request body is not valid JSON");
    return std::nullopt;
  }
  if (!body.is_object()) {
    error = bad_request("The request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::optional<ApiError> check_unique_name(App& app, const std::string& kind, const std::string& label,
                                          const nlohmann::json& fields, const std::string& self_id) {
  auto name = fields.find("name");
  if (name == fields.end() || !name->is_string()) return std::nullopt;
  auto existing = app.store.id_by_name(kind, name->get<std::string>());
  if (!existing || *existing == self_id) return std::nullopt;
  std::string existing_name = (*app.store.find(kind, *existing))["name"].get<std::string>();
  ApiError error = conflict("duplicate.name",
                            "A " + label + " named '" + existing_name + "' already exists with id " + *existing);
  error.entity_id = *existing;
  error.entity_name = existing_name;
  return error;
}

nlohmann::json stamp_new(nlohmann::json fields, const std::string& base_path) {
  std::string id = new_uuid();
  std::string now = iso_now();
  fields["id"] = id;
  fields["version"] = 1;
  fields["dateCreated"] = now;
  fields["dateModified"] = now;
  fields["selfUri"] = base_path + "/" + id;
  return fields;
}

nlohmann::json stamp_update(nlohmann::json fields, const nlohmann::json& previous,
                            const std::vector<std::string>& server_fields) {
  for (auto it = previous.begin(); it != previous.end(); ++it)
    if (!it.key().empty() && it.key().front() == '_') fields[it.key()] = it.value();
  for (const auto& key : server_fields)
    if (previous.contains(key)) fields[key] = previous[key];
  fields["id"] = previous["id"];
  fields["version"] = previous["version"].get<std::int64_t>() + 1;
  fields["dateCreated"] = previous["dateCreated"];
  fields["dateModified"] = iso_now();
  fields["selfUri"] = previous["selfUri"];
  return fields;
}

std::optional<std::int64_t> read_version(const nlohmann::json& body, FieldReader& reader) {
  return reader.integer(body, "", "version", {.required = true, .min = 1});
}

ApiError version_mismatch(const std::string& label, std::int64_t given, std::int64_t current) {
  return conflict("version.mismatch", "The " + label + " was modified by someone else: version " +
                                          std::to_string(given) + " given, current version is " +
                                          std::to_string(current));
}

namespace {

// The public form of a stored object with the expansions the request asks for.
nlohmann::json render_expanded(const nlohmann::json& stored, const std::vector<const Expansion*>& expansions) {
  nlohmann::json out = render(stored);
  for (const Expansion* expansion : expansions) out[expansion->field] = expansion->render(stored);
  return out;
}

std::vector<const Expansion*> requested_expansions(const KindSpec& spec, const httplib::Request& request) {
  std::vector<const Expansion*> requested;
  for (const Expansion& expansion : spec.expansions) {
    if (expands(request, expansion.name)) requested.push_back(&expansion);
  }
  return requested;
}

}  // namespace

void register_crud(App& app, const KindSpec& spec) {
  app.api.add("GET", spec.base_path, spec.read_scope, [spec](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    const auto expansions = requested_expansions(spec, ctx.http);
    for (const Expansion* expansion : expansions) page->extra_query += "&expand=" + expansion->name;
    std::vector<nlohmann::json> items;
    {
      auto lock = ctx.app.store.lock();
      for (const auto* object : ctx.app.store.list(spec.kind)) items.push_back(render_expanded(*object, expansions));
    }
    return Reply::json(200, make_page(items, *page, spec.base_path));
  });

  app.api.add("GET", spec.base_path + "/{id}", spec.read_scope, [spec](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* object = ctx.app.store.find(spec.kind, ctx.param("id"));
    if (!object) return Reply::fail(not_found("No " + spec.label + " with id " + ctx.param("id")));
    return Reply::json(200, render_expanded(*object, requested_expansions(spec, ctx.http)));
  });

  app.api.add("POST", spec.base_path, spec.write_scope, [spec](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    nlohmann::json stored;
    {
      auto lock = ctx.app.store.lock();
      FieldReader reader;
      nlohmann::json fields = spec.normalize(*body, reader, ctx.app);
      if (!reader.ok()) return Reply::fail(field_errors(reader.take_errors()));
      if (auto dup = check_unique_name(ctx.app, spec.kind, spec.label, fields, "")) return Reply::fail(*dup);
      if (spec.before_create)
        if (auto refused = spec.before_create(ctx.app)) return Reply::fail(*refused);
      stored = stamp_new(std::move(fields), spec.base_path);
      if (spec.on_write) spec.on_write(stored, nullptr, ctx.app);
      ctx.app.store.put(spec.kind, stored);
    }
    if (spec.after_write) spec.after_write(stored, nullptr, ctx.app);
    Reply reply = Reply::json(201, render(stored));
    reply.headers.emplace_back("Location", stored["selfUri"].get<std::string>());
    return reply;
  });

  app.api.add("PUT", spec.base_path + "/{id}", spec.write_scope, [spec](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    nlohmann::json stored;
    nlohmann::json previous;
    {
      auto lock = ctx.app.store.lock();
      const auto* current = ctx.app.store.find(spec.kind, ctx.param("id"));
      if (!current) return Reply::fail(not_found("No " + spec.label + " with id " + ctx.param("id")));
      previous = *current;
      FieldReader reader;
      nlohmann::json fields = spec.normalize(*body, reader, ctx.app);
      auto version = read_version(*body, reader);
      if (!reader.ok()) return Reply::fail(field_errors(reader.take_errors()));
      auto current_version = previous["version"].get<std::int64_t>();
      if (*version != current_version) return Reply::fail(version_mismatch(spec.label, *version, current_version));
      if (auto dup = check_unique_name(ctx.app, spec.kind, spec.label, fields, ctx.param("id")))
        return Reply::fail(*dup);
      stored = stamp_update(std::move(fields), previous, spec.server_fields);
      if (spec.on_write) spec.on_write(stored, &previous, ctx.app);
      ctx.app.store.put(spec.kind, stored);
    }
    if (spec.after_write) spec.after_write(stored, &previous, ctx.app);
    return Reply::json(200, render(stored));
  });

  app.api.add("DELETE", spec.base_path + "/{id}", spec.write_scope, [spec](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* current = ctx.app.store.find(spec.kind, ctx.param("id"));
    if (!current) return Reply::fail(not_found("No " + spec.label + " with id " + ctx.param("id")));
    if (spec.before_delete)
      if (auto refused = spec.before_delete(*current, ctx.app)) return Reply::fail(*refused);
    nlohmann::json removed = *current;
    ctx.app.store.erase(spec.kind, ctx.param("id"));
    if (spec.on_delete) spec.on_delete(removed, ctx.app);
    return Reply::empty(204);
  });
}

}  // namespace genesys_emulator
