#include "app.h"

#include "catalog.h"
#include "handlers/handlers.h"
#include "integration_lifecycle.h"
#include "jobs.h"
#include "verifier.h"

#include <set>

namespace genesys_emulator {

std::unique_ptr<App> App::create(const Options& options, std::string& error) {
  std::unique_ptr<Persistence> persistence;
  if (!options.data_file.empty()) {
    persistence = Persistence::open(options.data_file, error);
    if (!persistence) return nullptr;
  }
  return std::make_unique<App>(options, std::move(persistence));
}

App::App(const Options& opts, std::unique_ptr<Persistence> db)
    : options(opts), persistence(std::move(db)), store(persistence.get()), oauth(store, clock), outbound(opts.ca_file) {
  store.load_persisted();
  {
    auto lock = store.lock();
    seed_topics(store);
    seed_integrations(store);
  }
  oauth.load();
  std::set<std::string> scopes(all_scopes().begin(), all_scopes().end());
  oauth.upsert_client(options.client_id, options.client_secret, std::move(scopes));

  register_webhooks(*this);
  register_event_subscriptions(*this);
  register_eventbridge_subscriptions(*this);
  register_topics(*this);
  register_targets(*this);
  register_sources(*this);
  register_destinations(*this);
  register_event_types_and_limits(*this);
  register_integrations(*this);
  register_organization_and_notifications(*this);
  register_controls(*this);

  // Work interrupted by a restart picks up where it stopped.
  resume_verifications(*this);
  resume_jobs(*this);
  resume_integrations(*this);
}

void App::reset() {
  {
    auto lock = store.lock();
    store.clear_except({kTopics, "oauth_clients", "oauth_tokens"});
    integration_reads.clear();
    seed_integrations(store);
  }
  request_log.clear();
  // Fresh budgets too, so one test's burst cannot throttle the next.
  rate_limiter.clear();
}

}  // namespace genesys_emulator
