// The generic planner: from prior state, proposed new state and configuration, computes the
// planned state every declared resource returns from PlanResourceChange, following the host's
// rules (docs/reference/plugin-protocol.md §5.1, trap 10) so that no schema can produce "Provider produced
// invalid plan" or "inconsistent result after apply":
// - configured values are planned as configured (JSON documents equal to prior keep prior's text);
// - an unset attribute with a default plans the default; an unset optional+computed attribute
//   keeps its prior value on update and is unknown on create;
// - computed-only attributes are unknown on create; on update they keep their prior value when
//   nothing changes or the attribute is `stable`, and are unknown otherwise;
// - write-only attributes always plan null;
// - a changed `force_new` attribute is reported in requires_replace.
#pragma once

#include <vector>

#include "base/attribute_path.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

struct Plan {
  value::Value planned;
  std::vector<base::AttributePath> requires_replace;
};

// `prior` is null on create; `config` may hold unknowns. Destroy (config null) is not planned
// here: the planned state of a destroy is null.
Plan plan_resource(const schema::ResourceSchema& schema, const value::Value& prior, const value::Value& config);

}  // namespace ge::mapping
