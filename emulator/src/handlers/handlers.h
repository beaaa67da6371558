// Route registration, one function per API area (each in its own file).
#pragma once

namespace genesys_emulator {

struct App;

void register_webhooks(App& app);
void register_event_subscriptions(App& app);
void register_eventbridge_subscriptions(App& app);
void register_topics(App& app);
void register_targets(App& app);
void register_sources(App& app);
void register_destinations(App& app);
void register_event_types_and_limits(App& app);
void register_integrations(App& app);
void register_organization_and_notifications(App& app);
void register_controls(App& app);

}  // namespace genesys_emulator
