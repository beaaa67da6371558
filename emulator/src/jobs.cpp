#include "jobs.h"

#include "app.h"
#include "catalog.h"
#include "identifiers.h"
#include "kinds.h"

#include <chrono>

namespace genesys_emulator {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void mark_running(App& app, const std::string& job_id) {
  auto lock = app.store.lock();
  const auto* job = app.store.find(kJobs, job_id);
  if (!job || (*job)["status"] != "queued") return;
  nlohmann::json updated = *job;
  updated["status"] = "running";
  app.store.put(kJobs, std::move(updated));
}

// Why a create/update job cannot complete, if it cannot.
std::optional<nlohmann::json> reference_error(App& app, const nlohmann::json& source) {
  const auto& topic_id = source["eventTopicId"].get_ref<const std::string&>();
  const auto* topic = app.store.find(kTopics, topic_id);
  if (!topic || (*topic)["status"] != "active")
    return nlohmann::json{
        {"code", "topic.not.active"},
        {"message", topic ? "Topic " + topic_id + " is not active" : "Topic " + topic_id + " does not exist"}};
  for (const auto& ref : source["targets"]) {
    const auto& target_id = ref["targetId"].get_ref<const std::string&>();
    const auto* target = app.store.find(kTargets, target_id);
    if (!target)
      return nlohmann::json{{"code", "target.not.verified"}, {"message", "Target " + target_id + " does not exist"}};
    if ((*target)["status"] != "VERIFIED")
      return nlohmann::json{
          {"code", "target.not.verified"},
          {"message", "Target " + target_id + " is " + (*target)["status"].get<std::string>() + ", not VERIFIED"}};
  }
  return std::nullopt;
}

void finish(App& app, const std::string& job_id) {
  std::string callback_url;
  nlohmann::json callback;
  {
    auto lock = app.store.lock();
    const auto* found = app.store.find(kJobs, job_id);
    if (!found || (*found)["status"] == "completed" || (*found)["status"] == "failed") return;
    nlohmann::json job = *found;
    const std::string source_id = job["resourceId"].get<std::string>();
    const auto* source = app.store.find(kSources, source_id);
    std::optional<nlohmann::json> error;
    if (!source) {
      if (job["type"] != "delete")
        error = nlohmann::json{{"code", "not.found"}, {"message", "Source " + source_id + " no longer exists"}};
    } else if ((*source)["_pendingJobId"] != job["id"]) {
      error = nlohmann::json{{"code", "job.superseded"},
                             {"message", "A newer change to source " + source_id + " replaced this job"}};
    } else {
      callback_url = source->value("webhookUrl", "");
      if (job["type"] == "delete") {
        app.store.erase(kSources, source_id);
      } else {
        error = reference_error(app, *source);
        nlohmann::json updated = *source;
        updated["status"] = error ? nlohmann::json("failed") : updated["_requestedStatus"];
        updated.erase("_pendingJobId");
        app.store.put(kSources, std::move(updated));
      }
    }
    job["status"] = error ? "failed" : "completed";
    job["error"] = error ? *error : nlohmann::json(nullptr);
    job["dateCompleted"] = iso_now();
    app.store.put(kJobs, job);
    if (!callback_url.empty())
      callback = {{"sourceId", source_id},
                  {"jobId", job_id},
                  {"status", job["status"]},
                  {"timestamp", job["dateCompleted"]},
                  {"latencySeconds", static_cast<double>(now_ms() - job["_createdMs"].get<std::int64_t>()) / 1000.0}};
  }
  if (!callback_url.empty())
    app.outbound.send("POST", callback_url, {{"Content-Type", "application/json"}}, callback.dump(),
                      app.config.snapshot().delivery_timeout_ms);
}

void schedule(App& app, const std::string& job_id) {
  auto duration = app.config.snapshot().job_duration_ms;
  app.scheduler.after(duration / 2, [&app, job_id] { mark_running(app, job_id); });
  app.scheduler.after(duration, [&app, job_id] { finish(app, job_id); });
}

}  // namespace

nlohmann::json create_job(App& app, const std::string& type, const std::string& source_id) {
  std::string id = new_uuid();
  nlohmann::json job = {{"id", id},
                        {"type", type},
                        {"status", "queued"},
                        {"resourceId", source_id},
                        {"error", nullptr},
                        {"dateCreated", iso_now()},
                        {"dateCompleted", nullptr},
                        {"selfUri", "/api/v2/asyncapi/jobs/" + id},
                        {"_createdMs", now_ms()}};
  app.store.put(kJobs, job);
  schedule(app, id);
  return job;
}

nlohmann::json job_accepted(const nlohmann::json& job) {
  return {{"jobId", job["id"]}, {"status", job["status"]}, {"selfUri", job["selfUri"]}};
}

void resume_jobs(App& app) {
  std::vector<std::string> pending;
  {
    auto lock = app.store.lock();
    for (const auto* job : app.store.list(kJobs))
      if ((*job)["status"] == "queued" || (*job)["status"] == "running")
        pending.push_back((*job)["id"].get<std::string>());
  }
  for (const auto& id : pending) schedule(app, id);
}

}  // namespace genesys_emulator
