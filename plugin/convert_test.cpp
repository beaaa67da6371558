#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

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

namespace {

// Every attribute of a schema with its dotted path, nested ones included.
void each_attribute(const std::vector<ge::schema::Attribute>& attrs, const std::string& prefix,
                    const std::function<void(const ge::schema::Attribute&, const std::string&)>& visit) {
  for (const auto& a : attrs) {
    visit(a, prefix + a.name);
    each_attribute(a.attributes, prefix + a.name + ".", visit);
  }
}

}  // namespace

TEST_CASE("every settable number in the schemas is a count, seconds or size and must be whole") {
  auto provider = ge::mapping::Provider::create(ge::resources::embedded_schema_files());
  REQUIRE(provider.ok());
  int checked = 0;
  for (const auto& s : (*provider)->schemas()) {
    each_attribute(s.attributes, "", [&](const ge::schema::Attribute& a, const std::string& path) {
      const bool settable = a.required || a.optional;
      const bool any_number = path.size() > 8 && path.compare(path.size() - 8, 8, "_version") == 0;
      if (a.type.kind() != ge::value::Type::Kind::kNumber || !settable || any_number) return;
      INFO(s.type_name << " " << path);
      ++checked;
      CHECK(std::any_of(a.validators.begin(), a.validators.end(), [](const ge::schema::Validator& v) {
        return v.kind == ge::schema::Validator::Kind::kInteger;
      }));
    });
  }
  CHECK(checked >= 8);  // retries, intervals, delays, batch size, priority, pacing
}

TEST_CASE("maps of HTTP headers are sensitive: they may carry Authorization or API keys") {
  auto provider = ge::mapping::Provider::create(ge::resources::embedded_schema_files());
  REQUIRE(provider.ok());
  int checked = 0;
  for (const auto& s : (*provider)->schemas()) {
    each_attribute(s.attributes, "", [&](const ge::schema::Attribute& a, const std::string& path) {
      if (a.name.find("header") == std::string::npos || a.type.kind() != ge::value::Type::Kind::kMap) return;
      INFO(s.type_name << " " << path);
      ++checked;
      CHECK(a.sensitive);
    });
  }
  CHECK(checked >= 2);  // a webhook's header_overrides, a target's headers
}
