#include <catch2/catch.hpp>

#include "mapping/provider.h"
#include "plugin/convert.h"
#include "schemas/embedded_schemas.h"

using namespace ge::plugin;

TEST_CASE("every embedded schema converts to a protocol schema the host accepts") {
  auto provider = ge::mapping::Provider::create(ge::resources::embedded_schema_files());
  REQUIRE(provider.ok());
  for (const auto& s : (*provider)->schemas()) {
    tfplugin6::Schema proto;
    to_proto(s, &proto);
    INFO(s.type_name);
    REQUIRE(proto.has_block());
    for (const auto& a : proto.block().attributes()) {
      INFO(a.name());
      // Exactly one of type and nested_type; at least one of required/optional/computed.
      CHECK(a.type().empty() == a.has_nested_type());
      CHECK((a.required() || a.optional() || a.computed()));
      CHECK_FALSE((a.required() && a.optional()));
      CHECK_FALSE((a.write_only() && a.computed()));
    }
  }
}

TEST_CASE("diagnostics keep severity, text and path") {
  ge::base::Diagnostics d;
  d.error("s", "d", ge::base::AttributePath("a").index(2).key("k"));
  d.warning("w", "x");
  google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic> out;
  to_proto(d, &out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].severity() == tfplugin6::Diagnostic::ERROR);
  CHECK(out[1].severity() == tfplugin6::Diagnostic::WARNING);
  REQUIRE(out[0].attribute().steps_size() == 3);
  CHECK(out[0].attribute().steps(0).attribute_name() == "a");
  CHECK(out[0].attribute().steps(1).element_key_int() == 2);
  CHECK(out[0].attribute().steps(2).element_key_string() == "k");
}
