// Generic synchronous CRUD for the object kinds of docs/reference/api-contract.md (webhooks, event
// subscriptions, EventBridge subscriptions, targets, destinations): list with
// paging, get, POST (201), PUT with version check (200), DELETE (204).
//
// Check order (docs/emulator.md "Validation order"): body is JSON (400
// bad.request) -> object exists (404, PUT/DELETE) -> every field per the kind's
// rules (400, all field errors listed) -> PUT `version` matches (409
// version.mismatch) -> name unique (409 duplicate.name) -> kind hook (limits 400,
// in-use 409). All checks and the write happen under one store lock.
#pragma once

#include "api_error.h"
#include "validation.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace genesys_emulator {

struct App;

// An `expand` value a kind's GET and list accept: it adds `field` to every object answered,
// rendered from the stored object under the store lock (a target's verification).
struct Expansion {
  std::string name;
  std::string field;
  std::function<nlohmann::json(const nlohmann::json& stored)> render;
};

struct KindSpec {
  std::string kind;       // store collection
  std::string label;      // for messages: "webhook"
  std::string base_path;  // /api/v2/events/webhooks
  std::string read_scope;
  std::string write_scope;
  // Reads a POST/PUT body into the stored fields (defaults filled, read-only
  // fields dropped); errors go to `reader`. Runs under the store lock.
  std::function<nlohmann::json(const nlohmann::json& body, FieldReader& reader, App& app)> normalize;
  // Server-managed fields carried over from the old object on PUT.
  std::vector<std::string> server_fields;
  // Under the lock, before a POST is stored (e.g. organization limits).
  std::function<std::optional<ApiError>(App& app)> before_create;
  // Under the lock, before storing: sets server-managed fields. `previous` is null on create.
  std::function<void(nlohmann::json& object, const nlohmann::json* previous, App& app)> on_write;
  // After the lock is released: schedule background work.
  std::function<void(const nlohmann::json& object, const nlohmann::json* previous, App& app)> after_write;
  // Under the lock, before a DELETE (e.g. 409 in-use).
  std::function<std::optional<ApiError>(const nlohmann::json& object, App& app)> before_delete;
  // Under the lock, after a DELETE (e.g. drop dependent records).
  std::function<void(const nlohmann::json& object, App& app)> on_delete;
  std::vector<Expansion> expansions;
};

void register_crud(App& app, const KindSpec& spec);

// The public form of a stored object: drops `_internal` keys and write-only
// secrets (signingKey, authConfig.password/clientSecret/token).
nlohmann::json render(const nlohmann::json& stored);

// Parses a request body that must be a JSON object (400 bad.request otherwise).
std::optional<nlohmann::json> parse_json_object(const httplib::Request& request, ApiError& error);

// 409 duplicate.name for `name` when another object of `kind` holds it
// (case-insensitively); `self_id` is the object being updated, if any.
std::optional<ApiError> check_unique_name(App& app, const std::string& kind, const std::string& label,
                                          const nlohmann::json& fields, const std::string& self_id);

// Adds id, version, dates and selfUri to newly created fields.
nlohmann::json stamp_new(nlohmann::json fields, const std::string& base_path);
// The PUT successor of `previous`: same id and dateCreated, version+1, new dateModified,
// with `_internal` keys and `server_fields` carried over.
nlohmann::json stamp_update(nlohmann::json fields, const nlohmann::json& previous,
                            const std::vector<std::string>& server_fields);

// Reads the PUT body's `version` (required integer) into `reader`.
std::optional<std::int64_t> read_version(const nlohmann::json& body, FieldReader& reader);
ApiError version_mismatch(const std::string& label, std::int64_t given, std::int64_t current);

}  // namespace genesys_emulator
