// The paging envelope of every list endpoint (docs/reference/api-contract.md "Paging"):
// pageSize 1..100 (default 25), pageNumber from 1, optional exact
// case-insensitive `name` filter, and the `id` filter: repeated and/or
// comma-separated ids, at most 100, only those objects (unknown ids are absent).
#pragma once

#include "api_error.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace genesys_emulator {

struct PageRequest {
  std::int64_t page_size = 25;
  std::int64_t page_number = 1;
  std::optional<std::string> name;
  std::string id_param;          // the query parameter naming ids: `id`, or `ids` for integrations
  std::vector<std::string> ids;  // empty: no id filter
  std::string extra_query;       // the endpoint's own filters (`&integrationType=...`), repeated in page URIs
};

// Parses the query; a bad pageSize/pageNumber or more than 100 ids is a 400 naming
// the parameter.
std::optional<PageRequest> parse_page_request(const httplib::Request& request, ApiError& error,
                                              const std::string& id_param = "id");

// Whether the request's `expand` names `value`; `expand` may list several values,
// comma-separated or repeated.
bool expands(const httplib::Request& request, const std::string& value);

// Filters `items` by `name_key` (when the request names one) and by `id`, slices the
// page, and builds the envelope with URIs under `base_path`.
nlohmann::json make_page(const std::vector<nlohmann::json>& items, const PageRequest& page,
                         const std::string& base_path, const char* name_key = "name");

}  // namespace genesys_emulator
