// Asynchronous jobs of EventBridge sources (docs/reference/api-contract.md "EventBridge
// sources"). A job is `queued`, becomes `running` at half of `jobDurationMs`, and
// finishes at `jobDurationMs`:
//  - create/update: the source's topic must exist and be `active`
//    (else `topic.not.active`) and every target must exist and be `VERIFIED`
//    (else `target.not.verified`); success sets the source to its requested status,
//    failure sets it to `failed` (it stays and must be deleted);
//  - delete: removes the source.
// A job whose source was changed by a newer POST/PUT/DELETE meanwhile fails with
// `job.superseded` and leaves the source alone. After every finished job, a
// source with a `webhookUrl` receives {sourceId, jobId, status, timestamp,
// latencySeconds}.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace genesys_emulator {

struct App;

// Creates, stores and schedules a queued job of `type` (create, update, delete)
// for `source_id`. The caller holds the store lock.
nlohmann::json create_job(App& app, const std::string& type, const std::string& source_id);

// The 202 answer for a job: {jobId, status, selfUri}.
nlohmann::json job_accepted(const nlohmann::json& job);

// Re-schedules every queued or running job (after a restart).
void resume_jobs(App& app);

}  // namespace genesys_emulator
