#include "auth/oauth.h"

#include "identifiers.h"

#include <openssl/evp.h>

namespace genesys_emulator {
namespace {

constexpr const char* kClients = "oauth_clients";
constexpr const char* kTokens = "oauth_tokens";

std::optional<std::string> base64_decode(const std::string& in) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  std::string out(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = 0;
  if (in.size() >= 1 && in[in.size() - 1] == '=') ++padding;
  if (in.size() >= 2 && in[in.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

Reply oauth_error(int status, const std::string& error, const std::string& description) {
  return Reply::json(status, {{"error", error}, {"description", description}, {"error_description", description}});
}

}  // namespace

const std::vector<std::string>& all_scopes() {
  static const std::vector<std::string> kScopes = {"event:subscription:read",
                                                   "event:subscription:write",
                                                   "event:webhook:read",
                                                   "event:webhook:write",
                                                   "eventbridge:topic:read",
                                                   "integration:eventbridge:read",
                                                   "integration:eventbridge:write",
                                                   "eventbridge:source:read",
                                                   "eventbridge:source:write",
                                                   "asyncapi:job:read",
                                                   "integration:destination:read",
                                                   "integration:destination:write",
                                                   "integrations",
                                                   "integrations:readonly"};
  return kScopes;
}

void OAuth::load() {
  auto lock = store_.lock();
  std::lock_guard guard(mutex_);
  for (const auto* c : store_.list(kClients)) {
    Client client{(*c)["secret"].get<std::string>(), {}};
    for (const auto& s : (*c)["scopes"]) client.scopes.insert(s.get<std::string>());
    clients_[(*c)["id"].get<std::string>()] = std::move(client);
  }
  for (const auto* t : store_.list(kTokens))
    tokens_[(*t)["id"].get<std::string>()] = Token{(*t)["clientId"].get<std::string>(),
                                                   (*t)["expiresAtMs"].get<std::int64_t>()};
}

bool OAuth::upsert_client(const std::string& id, const std::string& secret, std::set<std::string> scopes) {
  nlohmann::json mirror = {{"id", id}, {"secret", secret}, {"scopes", scopes}};
  auto lock = store_.lock();
  std::lock_guard guard(mutex_);
  bool created = clients_.find(id) == clients_.end();
  clients_[id] = Client{secret, std::move(scopes)};
  store_.put(kClients, std::move(mirror));
  return created;
}

Reply OAuth::token_endpoint(const httplib::Request& request, const ConfigValues& config) {
  httplib::Params form;
  httplib::detail::parse_query_text(request.body, form);
  auto form_value = [&](const char* key) -> std::string {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  };
  std::string grant_type = form_value("grant_type");
  if (grant_type.empty()) return oauth_error(400, "invalid_request", "grant_type is required");
  if (grant_type != "client_credentials")
    return oauth_error(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");

  std::string id = form_value("client_id");
  std::string secret = form_value("client_secret");
  std::string authorization = request.get_header_value("Authorization");
  if (authorization.size() > 6 && to_lower(authorization.substr(0, 6)) == "basic ") {
    auto decoded = base64_decode(authorization.substr(6));
    auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return oauth_error(401, "invalid_client", "authentication failed");
    id = decoded->substr(0, colon);
    secret = decoded->substr(colon + 1);
  }

  std::string token = random_hex(32);
  std::int64_t expires_at = clock_.now_ms() + config.token_lifetime_seconds * 1000;
  {
    std::lock_guard guard(mutex_);
    auto client = clients_.find(id);
    if (client == clients_.end() || client->second.secret != secret)
      return oauth_error(401, "invalid_client", "authentication failed");

    auto now = std::chrono::steady_clock::now();
    auto& window = grants_[id];
    while (!window.empty() && now - window.front() >= std::chrono::minutes(1)) window.pop_front();
    if (static_cast<std::int64_t>(window.size()) >= config.token_grants_per_minute) {
      auto wait =
          std::chrono::duration_cast<std::chrono::seconds>(window.front() + std::chrono::minutes(1) - now).count() + 1;
      Reply reply = oauth_error(400, "invalid_request",
                                "rate limit exceeded; at most " + std::to_string(config.token_grants_per_minute) +
                                    " token grants per minute per client, retry in " + std::to_string(wait) +
                                    " seconds");
      reply.headers.emplace_back("Retry-After", std::to_string(wait));
      return reply;
    }
    window.push_back(now);
    tokens_[token] = Token{id, expires_at};
  }
  {
    // Lock order is store before oauth, so the mirror is written after releasing ours.
    auto lock = store_.lock();
    store_.put(kTokens, {{"id", token}, {"clientId", id}, {"expiresAtMs", expires_at}});
  }
  return Reply::json(
      200, {{"access_token", token}, {"token_type", "bearer"}, {"expires_in", config.token_lifetime_seconds}});
}

std::optional<TokenIdentity> OAuth::validate(const std::string& token) const {
  std::lock_guard guard(mutex_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.expires_at_ms <= clock_.now_ms()) return std::nullopt;
  auto client = clients_.find(it->second.client_id);
  if (client == clients_.end()) return std::nullopt;
  return TokenIdentity{it->second.client_id, client->second.scopes};
}

std::size_t OAuth::revoke(const std::optional<std::string>& client_id) {
  std::vector<std::string> revoked;
  {
    std::lock_guard guard(mutex_);
    for (auto it = tokens_.begin(); it != tokens_.end();) {
      if (!client_id || it->second.client_id == *client_id) {
        revoked.push_back(it->first);
        it = tokens_.erase(it);
      } else {
        ++it;
      }
    }
  }
  auto lock = store_.lock();
  for (const auto& token : revoked) store_.erase(kTokens, token);
  return revoked.size();
}

}  // namespace genesys_emulator
