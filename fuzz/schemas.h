// The provider's real resource schemas, loaded once, for fuzz targets that need a schema type.
#pragma once

#include <cstdlib>
#include <vector>

#include "mapping/provider.h"
#include "schemas/embedded_schemas.h"

namespace ge::fuzz {

inline const mapping::Provider& provider() {
  static const std::unique_ptr<mapping::Provider> p = [] {
    auto created = mapping::Provider::create(resources::embedded_schema_files());
    if (!created.ok()) std::abort();
    return std::move(*created);
  }();
  return *p;
}

// Every resource and data source schema; the first input byte picks one.
inline const std::vector<schema::ResourceSchema>& schemas() { return provider().schemas(); }

}  // namespace ge::fuzz
