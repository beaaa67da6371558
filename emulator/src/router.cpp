#include "router.h"

namespace genesys_emulator {
namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  // A trailing slash is tolerated: `/a/b/` routes as `/a/b`.
  if (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

}  // namespace

void Router::add(std::string method, const std::string& pattern, std::string scope, Handler handler) {
  std::vector<std::string> scopes;
  if (!scope.empty()) scopes.push_back(std::move(scope));
  add(std::move(method), pattern, std::move(scopes), std::move(handler));
}

void Router::add(std::string method, const std::string& pattern, std::vector<std::string> scopes, Handler handler) {
  routes_.push_back(Route{std::move(method), split(pattern), std::move(scopes), std::move(handler)});
}

std::optional<Router::Match> Router::match(const std::string& method, const std::string& path) const {
  auto segments = split(path);
  std::optional<Match> found;
  std::size_t found_captures = 0;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    Match m;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        if (segments[i].empty()) ok = false;
        else m.params[want.substr(1, want.size() - 2)] = segments[i];
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    // Fewer captures = more specific; among equals, the method decides.
    if (found && m.params.size() > found_captures) continue;
    if (found && m.params.size() == found_captures && (found->route || route.method != method)) continue;
    found_captures = m.params.size();
    if (route.method == method) m.route = &route;
    else m.params.clear();
    found = std::move(m);
  }
  return found;
}

}  // namespace genesys_emulator
