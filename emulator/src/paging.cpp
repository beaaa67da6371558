#include "paging.h"

#include "identifiers.h"

#include <charconv>

namespace genesys_emulator {
namespace {

bool parse_int(const std::string& text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string page_uri(const std::string& base, const PageRequest& page, std::int64_t number) {
  std::string uri = base + "?pageSize=" + std::to_string(page.page_size) + "&pageNumber=" + std::to_string(number);
  if (page.name) uri += "&name=" + httplib::detail::encode_query_param(*page.name);
  return uri;
}

}  // namespace

std::optional<PageRequest> parse_page_request(const httplib::Request& request, ApiError& error) {
  PageRequest page;
  std::vector<FieldError> errors;
  if (request.has_param("pageSize")) {
    if (!parse_int(request.get_param_value("pageSize"), page.page_size) || page.page_size < 1 ||
        page.page_size > 100)
      errors.push_back({"pageSize", "out.of.range", "pageSize must be an integer between 1 and 100"});
  }
  if (request.has_param("pageNumber")) {
    if (!parse_int(request.get_param_value("pageNumber"), page.page_number) || page.page_number < 1)
      errors.push_back({"pageNumber", "out.of.range", "pageNumber must be an integer of at least 1"});
  }
  if (request.has_param("name")) page.name = request.get_param_value("name");
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
  for (const auto& item : items) {
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
  if (page.page_number > 1) out["previousUri"] = page_uri(base_path, page, std::min(page.page_number - 1, std::max<std::int64_t>(page_count, 1)));
  return out;
}

}  // namespace genesys_emulator
