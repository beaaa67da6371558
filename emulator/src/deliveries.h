// Event fan-out and webhook deliveries (docs/reference/api-contract.md "POST /emulator/events"):
// an event reaches every enabled event subscription whose filter matches (its
// eventType list holds the event's type and every filter attribute equals the
// event's attribute) and whose webhook is enabled. Each delivery is an HTTP call
// with the webhook's method, headerOverrides and, with a signingKey, the
// lower-case hex HMAC-SHA256 of the exact body in X-Genesys-Signature. A non-2xx
// answer or transport error is retried retryCount times, waiting
// retryIntervalSeconds x 1000 ms x `retryIntervalScale` between attempts. Every
// attempt is recorded (kind `deliveries`); the webhook's lastDeliveryStatus
// becomes SUCCESS or FAILED (no version bump: it is server-managed).
#pragma once

#include "api_error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace genesys_emulator {

struct App;

// Validates and publishes an event; answers {eventId, deliveries: [...]} or a 400.
// Runs the deliveries synchronously on the calling thread (without the store lock).
Reply publish_event(App& app, const nlohmann::json& event);

// Delivery records of a webhook, oldest first, in their public shape. Caller holds the lock.
std::vector<nlohmann::json> list_deliveries(App& app, const std::string& webhook_id);
// Drops a deleted webhook's history. Caller holds the lock.
void erase_deliveries(App& app, const std::string& webhook_id);

}  // namespace genesys_emulator
