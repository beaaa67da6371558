// Path routing for the API and the controls: patterns such as
// `/api/v2/events/webhooks/{id}` matched segment by segment, each route carrying
// the OAuth scopes that admit it (any one of them). When patterns overlap
// (`/api/v2/integrations/types` and `/api/v2/integrations/{id}`), the one with the
// fewest captures wins, whatever the registration order.
#pragma once

#include "api_error.h"

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace genesys_emulator {

struct App;

struct RequestContext {
  App& app;
  const httplib::Request& http;
  std::unordered_map<std::string, std::string> params;
  std::string client_id;  // empty for controls

  const std::string& param(const std::string& name) const { return params.at(name); }
};

using Handler = std::function<Reply(RequestContext&)>;

struct Route {
  std::string method;
  std::vector<std::string> segments;  // "{name}" segments capture
  std::vector<std::string> scopes;    // any one admits; empty: any valid token (or no auth for controls)
  Handler handler;
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, std::string scope, Handler handler);
  void add(std::string method, const std::string& pattern, std::vector<std::string> scopes, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::unordered_map<std::string, std::string> params;
  };
  // nullopt when no route has this path; a Match with route == nullptr when the
  // most specific pattern of this path has no route for this method.
  std::optional<Match> match(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace genesys_emulator
