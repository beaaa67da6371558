// Store collection names, shared by the handlers and background work.
#pragma once

namespace genesys_emulator {

inline constexpr const char* kWebhooks = "webhooks";
inline constexpr const char* kEventSubscriptions = "event_subscriptions";
inline constexpr const char* kEventBridgeSubscriptions = "eventbridge_subscriptions";
inline constexpr const char* kTargets = "targets";
inline constexpr const char* kSources = "sources";
inline constexpr const char* kDestinations = "destinations";
inline constexpr const char* kJobs = "jobs";
inline constexpr const char* kDeliveries = "deliveries";
inline constexpr const char* kIntegrations = "integrations";

}  // namespace genesys_emulator
