// EventBridge sources (docs/reference/api-contract.md "EventBridge sources"): shape errors are
// answered at once (400); POST, PUT and DELETE are otherwise accepted with 202 and
// a job (jobs.h) that checks references and settles the source's status.
#include "app.h"
#include "crud.h"
#include "handlers/handlers.h"
#include "jobs.h"
#include "kinds.h"
#include "paging.h"

#include <set>

namespace genesys_emulator {
namespace {

constexpr const char* kBase = "/api/v2/eventbridge/sources";
constexpr std::size_t kMaxFilters = 5;      // eventbridge.sources.filters.max
constexpr std::size_t kMaxConditions = 10;  // eventbridge.sources.conditions.max

nlohmann::json normalize_filters(const nlohmann::json& list, FieldReader& r) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string path = index_path("filters", i);
    if (!list[i].is_object()) {
      r.add(path, "invalid.type", path + " must be an object");
      continue;
    }
    const auto& item = list[i];
    nlohmann::json f = nlohmann::json::object();
    if (auto v = r.string(item, path, "name", {.required = true, .min_length = 1, .max_length = 256})) f["name"] = *v;
    nlohmann::json conditions = nlohmann::json::array();
    if (const auto* conds = r.array(item, path, "conditions", false, 0, kMaxConditions)) {
      for (std::size_t j = 0; j < conds->size(); ++j) {
        std::string cpath = index_path(join_path(path, "conditions"), j);
        if (!(*conds)[j].is_object()) {
          r.add(cpath, "invalid.type", cpath + " must be an object");
          continue;
        }
        const auto& cond = (*conds)[j];
        nlohmann::json c = nlohmann::json::object();
        if (auto v = r.string(cond, cpath, "field", {.required = true, .min_length = 1})) c["field"] = *v;
        if (auto v = r.string(cond, cpath, "operator",
                              {.required = true, .one_of = {"equals", "contains", "greater_than"}}))
          c["operator"] = *v;
        auto value = cond.find("value");
        std::string vpath = join_path(cpath, "value");
        if (value == cond.end() || value->is_null()) r.add(vpath, "required", vpath + " is required");
        else if (!value->is_string() && !value->is_number() && !value->is_boolean())
          r.add(vpath, "invalid.type", vpath + " must be a string, number or boolean");
        else c["value"] = *value;
        conditions.push_back(c);
      }
    }
    f["conditions"] = conditions;
    f["action"] = r.string(item, path, "action", {.one_of = {"route", "drop"}}).value_or("route");
    out.push_back(f);
  }
  return out;
}

nlohmann::json normalize_targets(const nlohmann::json& list, FieldReader& r) {
  nlohmann::json out = nlohmann::json::array();
  std::set<std::string> ids;
  std::vector<std::int64_t> priorities;
  bool priorities_read = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string path = index_path("targets", i);
    if (!list[i].is_object()) {
      r.add(path, "invalid.type", path + " must be an object");
      priorities_read = false;
      continue;
    }
    nlohmann::json t = nlohmann::json::object();
    if (auto v = r.string(list[i], path, "targetId", {.required = true, .min_length = 1})) {
      if (!ids.insert(*v).second)
        r.add(join_path(path, "targetId"), "duplicate", join_path(path, "targetId") + " repeats target " + *v);
      t["targetId"] = *v;
    }
    if (auto v = r.integer(list[i], path, "priority", {.required = true, .min = 1, .max = 1000})) {
      t["priority"] = *v;
      priorities.push_back(*v);
    } else {
      priorities_read = false;
    }
    out.push_back(t);
  }
  if (priorities_read) {
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < priorities.size(); ++i) {
      auto p = priorities[i];
      if (p > static_cast<std::int64_t>(priorities.size()) || !seen.insert(p).second) {
        std::string path = join_path(index_path("targets", i), "priority");
        r.add(path, "invalid.priority",
              path + " must be unique; the priorities of " + std::to_string(priorities.size()) +
                  " targets must be exactly 1.." + std::to_string(priorities.size()));
        break;
      }
    }
  }
  return out;
}

nlohmann::json normalize_source(const nlohmann::json& body, FieldReader& r) {
  nlohmann::json out = nlohmann::json::object();
  if (auto v = r.string(body, "", "name", {.required = true, .min_length = 1, .max_length = 256})) out["name"] = *v;
  if (auto v = r.string(body, "", "description", {.max_length = 4096})) out["description"] = *v;
  out["sourceType"] = r.string(body, "", "sourceType", {.one_of = {"eventbridge"}}).value_or("eventbridge");
  if (auto v = r.string(body, "", "eventTopicId", {.required = true, .min_length = 1})) out["eventTopicId"] = *v;
  if (const auto* filters = r.array(body, "", "filters", false, 0, kMaxFilters))
    out["filters"] = normalize_filters(*filters, r);
  else out["filters"] = nlohmann::json::array();
  if (const auto* targets = r.array(body, "", "targets", true, 1, 1000))
    out["targets"] = normalize_targets(*targets, r);
  out["_requestedStatus"] = r.string(body, "", "status", {.one_of = {"draft", "active"}}).value_or("active");
  if (auto v = r.string(body, "", "webhookUrl", {.min_length = 1, .https = true})) out["webhookUrl"] = *v;
  return out;
}

ApiError source_not_found(const std::string& id) { return not_found("No EventBridge source with id " + id); }

}  // namespace

void register_sources(App& app) {
  const std::string read = "eventbridge:source:read";
  const std::string write = "eventbridge:source:write";

  app.api.add("GET", kBase, read, [](RequestContext& ctx) {
    ApiError error;
    auto page = parse_page_request(ctx.http, error);
    if (!page) return Reply::fail(error);
    std::vector<nlohmann::json> items;
    {
      auto lock = ctx.app.store.lock();
      for (const auto* object : ctx.app.store.list(kSources)) items.push_back(render(*object));
    }
    return Reply::json(200, make_page(items, *page, kBase));
  });

  app.api.add("GET", std::string(kBase) + "/{id}", read, [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* object = ctx.app.store.find(kSources, ctx.param("id"));
    if (!object) return Reply::fail(source_not_found(ctx.param("id")));
    return Reply::json(200, render(*object));
  });

  app.api.add("POST", kBase, write, [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    auto lock = ctx.app.store.lock();
    FieldReader reader;
    nlohmann::json fields = normalize_source(*body, reader);
    if (!reader.ok()) return Reply::fail(field_errors(reader.take_errors()));
    if (auto dup = check_unique_name(ctx.app, kSources, "EventBridge source", fields, "")) return Reply::fail(*dup);
    nlohmann::json stored = stamp_new(std::move(fields), kBase);
    stored["status"] = "provisioning";
    nlohmann::json job = create_job(ctx.app, "create", stored["id"].get<std::string>());
    stored["_pendingJobId"] = job["id"];
    ctx.app.store.put(kSources, stored);
    nlohmann::json answer = job_accepted(job);
    answer["sourceId"] = stored["id"];
    return Reply::json(202, answer);
  });

  app.api.add("PUT", std::string(kBase) + "/{id}", write, [](RequestContext& ctx) {
    ApiError error;
    auto body = parse_json_object(ctx.http, error);
    if (!body) return Reply::fail(error);
    auto lock = ctx.app.store.lock();
    const auto* current = ctx.app.store.find(kSources, ctx.param("id"));
    if (!current) return Reply::fail(source_not_found(ctx.param("id")));
    nlohmann::json previous = *current;
    FieldReader reader;
    nlohmann::json fields = normalize_source(*body, reader);
    auto version = read_version(*body, reader);
    if (!reader.ok()) return Reply::fail(field_errors(reader.take_errors()));
    auto current_version = previous["version"].get<std::int64_t>();
    if (*version != current_version)
      return Reply::fail(version_mismatch("EventBridge source", *version, current_version));
    if (auto dup = check_unique_name(ctx.app, kSources, "EventBridge source", fields, ctx.param("id")))
      return Reply::fail(*dup);
    std::string requested = fields["_requestedStatus"].get<std::string>();
    nlohmann::json stored = stamp_update(std::move(fields), previous, {});
    stored["_requestedStatus"] = requested;
    stored["status"] = "provisioning";
    nlohmann::json job = create_job(ctx.app, "update", ctx.param("id"));
    stored["_pendingJobId"] = job["id"];
    ctx.app.store.put(kSources, stored);
    return Reply::json(202, job_accepted(job));
  });

  app.api.add("DELETE", std::string(kBase) + "/{id}", write, [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* current = ctx.app.store.find(kSources, ctx.param("id"));
    if (!current) return Reply::fail(source_not_found(ctx.param("id")));
    nlohmann::json stored = *current;
    stored["status"] = "provisioning";
    nlohmann::json job = create_job(ctx.app, "delete", ctx.param("id"));
    stored["_pendingJobId"] = job["id"];
    ctx.app.store.put(kSources, stored);
    return Reply::json(202, job_accepted(job));
  });

  app.api.add("GET", "/api/v2/asyncapi/jobs/{jobId}", "asyncapi:job:read", [](RequestContext& ctx) {
    auto lock = ctx.app.store.lock();
    const auto* job = ctx.app.store.find(kJobs, ctx.param("jobId"));
    if (!job) return Reply::fail(not_found("No job with id " + ctx.param("jobId")));
    Reply reply = Reply::json(200, render(*job));
    // Lets provider tests check that pollers honour Retry-After (docs/reference/api-contract.md).
    auto retry_after = ctx.app.config.snapshot().job_retry_after_seconds;
    bool finished = (*job)["status"] == "completed" || (*job)["status"] == "failed";
    if (retry_after > 0 && !finished) reply.headers.emplace_back("Retry-After", std::to_string(retry_after));
    return reply;
  });
}

}  // namespace genesys_emulator
