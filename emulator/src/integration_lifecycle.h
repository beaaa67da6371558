// Integrations of the Platform API (docs/reference/platform-api.md "Amazon
// EventBridge integration"): their stored form, how they render, their
// reportedState over time and their eventually consistent reads.
//
// Stored object (kind kIntegrations): the public Integration fields plus
// `_config` {name, version, properties, advanced, notes, credentials} (the current
// configuration), `_stateGeneration` (outdated transitions are discarded, as with
// target verification), `_visibleAtMs` (reads of the object answer 404 before it; its
// configuration reads at once), `_flapUntilMs` (until then, after `_visibleAtMs`, every
// other read of the object answers 404), `_staleState` {reportedState, untilMs} (reads
// show that reportedState, the one from before the last write, until `untilMs`) and,
// once deleted, `_goneAtMs` (reads still answer 200 until it; writes answer 404).
// docs/emulator.md "The Platform API" lists the config keys that set these windows.
//
// reportedState: enabling moves to ACTIVATING and, `integrationStateDelayMs`
// later, to ACTIVE or ERROR (configuration not valid for its schema; EventBridge:
// eventSourceSuffix held by another integration of the type, or awsAccountId in
// `rejectedAwsAccountIds`); disabling moves to DEACTIVATING, then INACTIVE. These
// changes bump neither `version` nor the configuration.
#pragma once

#include "store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace genesys_emulator {

struct App;

inline constexpr const char* kIntegrationsPath = "/api/v2/integrations";

// A new integration of a known `type_id`, configuration version 1 with empty
// properties; the caller stores it.
nlohmann::json new_integration(const std::string& type_id, const std::string& name, const std::string& notes,
                               std::int64_t visible_at_ms);

// Whether a read of the object (GET, or a listing it would be in) sees it at `now_ms`:
// created long enough ago, not gone and, while it flaps, the 1st, 3rd, 5th... read since
// it became visible (the 2nd, 4th... answer 404). Counts the read. The caller holds the
// store lock.
bool read_sees(App& app, const nlohmann::json& stored, std::int64_t now_ms);
// Whether a read of its configuration (GET .../config/current) sees it: from the create
// on, whatever `_visibleAtMs` and flapping say, as real clients read it right after the
// POST; a deleted one until `_goneAtMs`.
bool configuration_readable(const nlohmann::json& stored, std::int64_t now_ms);
// Whether DELETE already took it (reads may still see it; writes must not).
bool deleted(const nlohmann::json& stored);

// The public Integration; with `expand_config`, `config.current` embedded.
nlohmann::json render_integration(const nlohmann::json& stored, bool expand_config);
// The reportedState a read shows at `now_ms`: the one from before the last write while
// its stale window lasts, else the current one.
nlohmann::json shown_state(const nlohmann::json& stored, std::int64_t now_ms);
// The Integration as a read (GET, listing) answers it: render_integration with shown_state.
nlohmann::json render_read(const nlohmann::json& stored, bool expand_config, std::int64_t now_ms);
// A write (configuration PUT, intendedState PATCH) to `stored`, whose form before it was
// `previous`: with `window_ms` > 0, reads go on showing the reportedState they showed
// before the write for `window_ms`; with 0, the new one at once.
void hold_stale_state(nlohmann::json& stored, const nlohmann::json& previous, std::int64_t window_ms,
                      std::int64_t now_ms);
// The public IntegrationConfiguration.
nlohmann::json render_configuration(const nlohmann::json& stored);

// reportedState {code, effective, lastUpdated, detail? {localizableMessageCode, message, messageParams}}.
nlohmann::json reported_state(const std::string& code, const std::string& message_code = "",
                              const std::string& message = "");

// Moves `stored` to ACTIVATING or DEACTIVATING (under the store lock, before it is
// stored); after the lock is released, schedule_transition finishes it.
void begin_transition(nlohmann::json& stored, const std::string& code);
void schedule_transition(App& app, const nlohmann::json& stored);

// Removes a deleted integration for good once reads no longer see it.
void schedule_removal(App& app, const std::string& id, std::int64_t delay_ms);

// Adds the seeded integration of another type when the store lacks it (start, reset).
// The caller holds the store lock.
void seed_integrations(Store& store);
// After a restart: finishes pending transitions and removals.
void resume_integrations(App& app);

}  // namespace genesys_emulator
