// Everything one emulator instance owns, wired together. Members are declared in
// dependency order; the scheduler comes last so it stops (and joins its workers)
// before the state its tasks touch is destroyed.
#pragma once

#include "auth/oauth.h"
#include "clock.h"
#include "config.h"
#include "options.h"
#include "outbound_http.h"
#include "persistence.h"
#include "rate_limiter.h"
#include "request_log.h"
#include "router.h"
#include "scheduler.h"
#include "store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace genesys_emulator {

struct App {
  // Opens `--data` when given; nullptr with `error` set when it cannot.
  static std::unique_ptr<App> create(const Options& options, std::string& error);

  explicit App(const Options& options, std::unique_ptr<Persistence> persistence);

  // POST /emulator/reset: drops objects, jobs, deliveries and the request log;
  // keeps clients, tokens, topics and config; starts fresh rate-limit windows.
  void reset();

  Options options;
  RuntimeConfig config;
  std::unique_ptr<Persistence> persistence;
  Store store;
  EmulatorClock clock;  // token expiry, integration read windows
  OAuth oauth;
  RateLimiter rate_limiter;
  RequestLog request_log;
  OutboundHttp outbound;
  Router api;       // /api/v2/...
  Router controls;  // /emulator/...
  // Reads so far of each integration whose reads flap (integration_lifecycle.h read_sees);
  // guarded by the store's lock, not persisted.
  std::unordered_map<std::string, std::int64_t> integration_reads;
  Scheduler scheduler;
};

}  // namespace genesys_emulator
