// Asynchronous verification of EventBridge targets (docs/reference/api-contract.md "EventBridge
// targets"): after `verificationDelayMs` the emulator POSTs
// {"eventType":"VERIFICATION","targetId","challenge"} to the target's endpointUrl
// with its auth and headers; 2xx -> VERIFIED, another status -> FAILED, no answer
// within `verificationTimeoutMs` -> TIMEOUT, transport error -> FAILED.
//
// Each (re)verification carries the target's `_verifyGeneration`; a result for an
// older generation (the target changed meanwhile) is discarded. Status changes are
// server-side and do not bump the target's `version`.
#pragma once

#include "outbound_http.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace genesys_emulator {

struct App;

void schedule_verification(App& app, const std::string& target_id, std::int64_t generation);
// Re-schedules every target still PENDING_VERIFICATION (after a restart).
void resume_verifications(App& app);

// POSTs `payload` to the target's endpointUrl with its auth (fetching an OAUTH2
// token first) and headers; shared by verification and /health.
OutboundResult call_target(App& app, const nlohmann::json& target, const nlohmann::json& payload,
                           std::int64_t timeout_ms);

}  // namespace genesys_emulator
