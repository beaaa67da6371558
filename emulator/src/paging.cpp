#include "paging.h"

#include "identifiers.h"

#include <charconv>
#include <set>

namespace genesys_emulator {
namespace {

constexpr std::size_t kMaxIds = 100;

bool parse_int(const std::string& text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string page_uri(const std::string& base, const PageRequest& page, std::int64_t number) {
  std::string uri = base + "?pageSize=" + std::to_string(page.page_size) + "&pageNumber=" + std::to_string(number);
  if (page.name) uri += "&name=" + httplib::detail::encode_query_param(*page.name);
  if (!page.ids.empty()) {
    std::string ids;
    for (const auto& id : page.ids) ids += (ids.empty() ? "" : ",") + id;
    uri += "&" + page.id_param + "=" + httplib::detail::encode_query_param(ids);
  }
  return uri + page.extra_query;
}

}  // namespace

std::optional<PageRequest> parse_page_request(const httplib::Request& request, ApiError& error,
                                              const std::string& id_param) {
  PageRequest page;
  page.id_param = id_param;
  std::vector<FieldError> errors;
  if (request.has_param("pageSize")) {
    if (!parse_int(request.get_param_value("pageSize"), page.page_size) || page.page_size < 1 || page.page_size > 100)
      errors.push_back({"pageSize", "out.of.range", "pageSize must be an integer between 1 and 100"});
  }
  if (request.has_param("pageNumber")) {
    if (!parse_int(request.get_param_value("pageNumber"), page.page_number) || page.page_number < 1)
      errors.push_back({"pageNumber", "out.of.range", "pageNumber must be an integer of at least 1"});
  }
  if (request.has_param("name")) page.name = request.get_param_value("name");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.get_param_value_count(id_param); ++i) {
    std::string value = request.get_param_value(id_param, i);
    for (std::size_t start = 0; start <= value.size();) {
      auto end = std::min(value.find(',', start), value.size());
      std::string id = value.substr(start, end - start);
      if (!id.empty() && seen.insert(id).second) page.ids.push_back(id);
      start = end + 1;
    }
  }
  if (page.ids.size() > kMaxIds)
    errors.push_back({id_param, "too.many.items",
                      id_param + " names " + std::to_string(page.ids.size()) + " ids; at most " +
                          std::to_string(kMaxIds) + " are allowed"});
  if (!errors.empty()) {
    error = field_errors(std::move(errors));
    return std::nullopt;
  }
  return page;
}

nlohmann::json make_page(const std::vector<nlohmann::json>& items, const PageRequest& page,
                         const std::string& base_path, const char* name_key) {
  std::vector<const nlohmann::json*> selected;
  std::string wanted = page.name ? to_lower(*page.name) : std::string();
  std::set<std::string> ids(page.ids.begin(), page.ids.end());
  for (const auto& item : items) {
    if (!ids.empty()) {
      auto it = item.find("id");
      if (it == item.end() || !it->is_string() || !ids.count(it->get<std::string>())) continue;
    }
    if (page.name) {
      auto it = item.find(name_key);
      if (it == item.end() || !it->is_string() || to_lower(it->get<std::string>()) != wanted) continue;
    }
    selected.push_back(&item);
  }
  auto total = static_cast<std::int64_t>(selected.size());
  std::int64_t page_count = (total + page.page_size - 1) / page.page_size;
  nlohmann::json entities = nlohmann::json::array();
  std::int64_t first = (page.page_number - 1) * page.page_size;
  for (std::int64_t i = first; i < total && i < first + page.page_size; ++i) entities.push_back(*selected[i]);
  nlohmann::json out = {{"entities", std::move(entities)},
                        {"pageSize", page.page_size},
                        {"pageNumber", page.page_number},
                        {"total", total},
                        {"pageCount", page_count},
                        {"firstUri", page_uri(base_path, page, 1)},
                        {"selfUri", page_uri(base_path, page, page.page_number)},
                        {"lastUri", page_uri(base_path, page, std::max<std::int64_t>(page_count, 1))}};
  if (page.page_number < page_count) out["nextUri"] = page_uri(base_path, page, page.page_number + 1);
  if (page.page_number > 1)
    out["previousUri"] = page_uri(base_path, page,
                                  std::min(page.page_number - 1, std::max<std::int64_t>(page_count, 1)));
  return out;
}

bool expands(const httplib::Request& request, const std::string& value) {
  for (std::size_t i = 0; i < request.get_param_value_count("expand"); ++i) {
    std::string list = "," + request.get_param_value("expand", i) + ",";
    if (list.find("," + value + ",") != std::string::npos) return true;
  }
  return false;
}

}  // namespace genesys_emulator
