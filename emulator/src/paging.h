// The paging envelope of every list endpoint (docs/reference/api-contract.md "Paging"):
// pageSize 1..100 (default 25), pageNumber from 1, optional exact
// case-insensitive `name` filter.
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
};

// Parses the query; a bad pageSize/pageNumber is a 400 naming the parameter.
std::optional<PageRequest> parse_page_request(const httplib::Request& request, ApiError& error);

// Filters `items` by `name_key` (when the request names one), slices the page, and
// builds the envelope with URIs under `base_path`.
nlohmann::json make_page(const std::vector<nlohmann::json>& items, const PageRequest& page,
                         const std::string& base_path, const char* name_key = "name");

}  // namespace genesys_emulator
