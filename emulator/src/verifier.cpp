#include "verifier.h"

#include "app.h"
#include "identifiers.h"
#include "kinds.h"

#include <openssl/evp.h>

namespace genesys_emulator {
namespace {

std::string base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string string_at(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void finish(App& app, const std::string& target_id, std::int64_t generation, const std::string& status,
            const std::string& message) {
  auto lock = app.store.lock();
  const auto* current = app.store.find(kTargets, target_id);
  if (!current || (*current)["_verifyGeneration"].get<std::int64_t>() != generation) return;
  nlohmann::json updated = *current;
  updated["status"] = status;
  updated["_statusMessage"] = message;
  if (status == "VERIFIED") updated["_verifiedAt"] = iso_now();
  app.store.put(kTargets, std::move(updated));
}

void verify(App& app, const std::string& target_id, std::int64_t generation) {
  nlohmann::json target;
  {
    auto lock = app.store.lock();
    const auto* current = app.store.find(kTargets, target_id);
    if (!current || (*current)["_verifyGeneration"].get<std::int64_t>() != generation) return;
    target = *current;
  }
  auto timeout = app.config.snapshot().verification_timeout_ms;
  nlohmann::json payload = {{"eventType", "VERIFICATION"}, {"targetId", target_id}, {"challenge", random_hex(16)}};
  auto result = call_target(app, target, payload, timeout);
  if (result.timed_out) {
    finish(app, target_id, generation, "TIMEOUT",
           "No answer from endpointUrl within " + std::to_string(timeout) + " ms");
  } else if (!result.answered) {
    finish(app, target_id, generation, "FAILED", "Verification call failed: " + result.error);
  } else if (result.status >= 200 && result.status < 300) {
    finish(app, target_id, generation, "VERIFIED", "endpointUrl answered HTTP " + std::to_string(result.status));
  } else {
    finish(app, target_id, generation, "FAILED", "endpointUrl answered HTTP " + std::to_string(result.status));
  }
}

}  // namespace

OutboundResult call_target(App& app, const nlohmann::json& target, const nlohmann::json& payload,
                           std::int64_t timeout_ms) {
  HeaderList headers = {{"Content-Type", "application/json"}};
  if (auto it = target.find("headers"); it != target.end() && it->is_object())
    for (auto h = it->begin(); h != it->end(); ++h) set_header(headers, h.key(), h.value().get<std::string>());

  std::string auth_type = string_at(target, "authType");
  nlohmann::json auth = target.value("authConfig", nlohmann::json::object());
  if (auth_type == "BASIC") {
    set_header(headers, "Authorization",
               "Basic " + base64(string_at(auth, "username") + ":" + string_at(auth, "password")));
  } else if (auth_type == "JWT") {
    set_header(headers, "Authorization", "Bearer " + string_at(auth, "token"));
  } else if (auth_type == "OAUTH2") {
    auto grant = app.outbound.send(
        "POST", string_at(auth, "tokenUrl"),
        {{"Content-Type", "application/x-www-form-urlencoded"},
         {"Authorization", "Basic " + base64(string_at(auth, "clientId") + ":" + string_at(auth, "clientSecret"))}},
        "grant_type=client_credentials", timeout_ms);
    if (!grant.answered || grant.status < 200 || grant.status >= 300) {
      OutboundResult failed = grant;
      failed.answered = false;
      failed.error = grant.answered ? "tokenUrl answered HTTP " + std::to_string(grant.status)
                                    : "tokenUrl call failed: " + grant.error;
      return failed;
    }
    auto body = nlohmann::json::parse(grant.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("access_token") ||
        !body["access_token"].is_string()) {
      OutboundResult failed;
      failed.error = "tokenUrl answered without an access_token";
      return failed;
    }
    set_header(headers, "Authorization", "Bearer " + body["access_token"].get<std::string>());
  }
  return app.outbound.send("POST", string_at(target, "endpointUrl"), headers, payload.dump(), timeout_ms);
}

void schedule_verification(App& app, const std::string& target_id, std::int64_t generation) {
  auto delay = app.config.snapshot().verification_delay_ms;
  app.scheduler.after(delay, [&app, target_id, generation] { verify(app, target_id, generation); });
}

void resume_verifications(App& app) {
  std::vector<std::pair<std::string, std::int64_t>> pending;
  {
    auto lock = app.store.lock();
    for (const auto* t : app.store.list(kTargets))
      if ((*t)["status"] == "PENDING_VERIFICATION")
        pending.emplace_back((*t)["id"].get<std::string>(), (*t)["_verifyGeneration"].get<std::int64_t>());
  }
  for (const auto& [id, generation] : pending) schedule_verification(app, id, generation);
}

}  // namespace genesys_emulator
