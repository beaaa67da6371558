#include "schema/loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "base/duration.h"
#include "value/json.h"

namespace ge::schema {
namespace {

using nlohmann::json;

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  void error(const std::string& where, const std::string& what) {
    errors_.push_back(file_ + ": " + where + ": " + what);
  }
  std::vector<std::string>& errors() { return errors_; }

  ResourceSchema resource(const json& doc) {
    ResourceSchema r;
    if (!doc.is_object()) {
      error("(top)", "must be a JSON object");
      return r;
    }
    static const std::set<std::string> known = {"type_name", "kind",       "description", "version", "import",
                                                "api",       "attributes", "timeouts",    "rules"};
    for (const auto& [k, _] : doc.items()) {
      if (!known.count(k)) error(k, "unknown key");
    }
    r.type_name = doc.value("type_name", "");
    if (!std::regex_match(r.type_name, std::regex("^genesysevents(_[a-z0-9]+)*$"))) {
      error("type_name", "must be genesysevents or genesysevents_<name> in lower snake case");
    }
    std::string kind = doc.value("kind", "resource");
    if (kind == "resource") r.kind = ResourceSchema::Kind::kResource;
    else if (kind == "data_source") r.kind = ResourceSchema::Kind::kDataSource;
    else if (kind == "provider") r.kind = ResourceSchema::Kind::kProvider;
    else error("kind", "must be resource, data_source or provider");
    r.description = doc.value("description", "");
    if (r.description.empty()) error("description", "is required (it becomes the documentation)");
    r.version = doc.value("version", 0);
    r.import_note = doc.value("import", "");
    if (r.kind == ResourceSchema::Kind::kResource && r.import_note.empty()) {
      error("import", "resources must say how import works and what it cannot restore");
    }
    // A data source without `api` is read by its type hook (mapping/type_hooks.h); the provider
    // refuses to load one that has none.
    if (doc.contains("api")) r.api = api(doc["api"]);
    else if (r.kind == ResourceSchema::Kind::kResource) error("api", "is required");
    // A data source may read one fixed path (the organization: /api/v2/organizations/me).
    if (r.kind == ResourceSchema::Kind::kResource && !r.api.item_path.empty() &&
        r.api.item_path.find("{id}") == std::string::npos) {
      error("api.item_path", "must contain {id}");
    }
    if (doc.contains("timeouts")) r.timeouts = timeouts(doc["timeouts"]);
    if (!doc.contains("attributes") || !doc["attributes"].is_object()) {
      error("attributes", "is required and must be an object");
    } else {
      r.attributes = attributes(doc["attributes"], "attributes", r.kind);
    }
    if (r.kind == ResourceSchema::Kind::kResource && !r.find("id")) {
      error("attributes", "a resource needs a computed `id` attribute");
    }
    if (r.timeouts && r.find("timeouts")) error("attributes.timeouts", "is reserved for the timeouts block");
    if (doc.contains("rules")) r.rules = rules(doc["rules"], r);
    separate_write_only_twins(r);
    for (const Attribute& a : r.attributes) {
      const std::string where = "attributes." + a.name;
      if (!a.regex_filter.empty() &&
          (!r.api.list || !a.optional || a.computed || !a.api_field.empty() || a.type != value::Type::string())) {
        error(where + ".regex_filter", "needs api.list and an optional, not computed string attribute without api");
      }
      if (!a.element_field.empty() && (!r.api.list || !a.computed || a.optional || !a.api_field.empty() ||
                                       a.type != value::Type::list(value::Type::string()))) {
        error(where + ".element_field", "needs api.list and a computed list of strings without api");
      }
    }
    if (doc.contains("api") && doc["api"].is_object()) data_source_read(doc["api"], r);
    if (!r.api.async.skip_attribute.empty() && !r.find(r.api.async.skip_attribute)) {
      error("api.async.skip_attribute", "names no attribute " + r.api.async.skip_attribute);
    }
    if (!r.api.async.expected_state_attribute.empty() && !r.find(r.api.async.expected_state_attribute)) {
      error("api.async.expected_state.attribute", "names no attribute " + r.api.async.expected_state_attribute);
    }
    return r;
  }

 private:
  std::vector<Rule> rules(const json& j, const ResourceSchema& r) {
    std::vector<Rule> out;
    if (!j.is_array()) {
      error("rules", "must be a list");
      return out;
    }
    static const std::set<std::string> known = {"when", "required", "forbidden", "exactly_one_of", "description"};
    for (size_t i = 0; i < j.size(); ++i) {
      const json& spec = j[i];
      std::string where = "rules[" + std::to_string(i) + "]";
      if (!spec.is_object()) {
        error(where, "must be an object");
        continue;
      }
      for (const auto& [k, _] : spec.items()) {
        if (!known.count(k)) error(where + "." + k, "unknown key");
      }
      Rule rule;
      auto check_path = [&](const std::string& path, const std::string& key) {
        if (!r.find_path(path)) error(where + "." + key, "names no attribute " + path);
      };
      const json when = spec.value("when", json::object());
      for (const auto& [path, v] : when.items()) {
        check_path(path, "when");
        if (!v.is_string()) error(where + ".when." + path, "must be a string value");
        else rule.when.emplace_back(path, v.get<std::string>());
      }
      rule.required = spec.value("required", std::vector<std::string>{});
      rule.forbidden = spec.value("forbidden", std::vector<std::string>{});
      rule.exactly_one_of = spec.value("exactly_one_of", std::vector<std::string>{});
      for (const auto& p : rule.required) check_path(p, "required");
      for (const auto& p : rule.forbidden) check_path(p, "forbidden");
      for (const auto& p : rule.exactly_one_of) check_path(p, "exactly_one_of");
      if (rule.required.empty() && rule.forbidden.empty() && rule.exactly_one_of.empty()) {
        error(where, "needs required, forbidden or exactly_one_of");
      }
      out.push_back(std::move(rule));
    }
    return out;
  }

  // read_method and id_attribute: data sources reading one object from item_path only.
  void data_source_read(const json& j, ResourceSchema& r) {
    const bool one_object = r.kind == ResourceSchema::Kind::kDataSource && !r.api.item_path.empty() && !r.api.list;
    if (j.contains("read_method")) {
      r.api.read_method = j["read_method"].is_string() ? j["read_method"].get<std::string>() : "";
      if (r.api.read_method != "GET" && r.api.read_method != "POST") error("api.read_method", "must be GET or POST");
      if (!one_object) error("api.read_method", "applies to data sources reading one object from item_path");
    }
    if (j.contains("id_attribute")) {
      r.api.id_attribute = j["id_attribute"].is_string() ? j["id_attribute"].get<std::string>() : "";
      const Attribute* a = r.find(r.api.id_attribute);
      if (!one_object) error("api.id_attribute", "applies to data sources reading one object from item_path");
      if (!a || a->type != value::Type::string() || !(a->required || a->optional)) {
        error("api.id_attribute",
              "must name a settable top-level string attribute, got \"" + r.api.id_attribute + "\"");
      }
    }
  }

  ApiSpec api(const json& j) {
    ApiSpec a;
    if (!j.is_object()) {
      error("api", "must be an object");
      return a;
    }
    a.collection_path = j.value("collection_path", "");
    a.item_path = j.value("item_path", "");
    a.update_method = j.value("update_method", "PUT");
    a.version_field = j.value("version_field", "");
    a.name_lookup_field = j.value("name_lookup_field", "");
    a.created_id_field = j.value("created_id_field", "id");
    a.list = j.value("list", false);
    if (j.contains("collection_limit")) {
      const json& l = j["collection_limit"];
      a.collection_limit = CollectionLimit{l.value("limits_path", ""), l.value("key", ""), l.value("error_code", ""),
                                           l.value("noun", "objects")};
      if (a.collection_limit->limits_path.empty() || a.collection_limit->key.empty()) {
        error("api.collection_limit", "needs limits_path and key");
      }
    }
    static const std::set<std::string> known_api_keys = {
        "collection_path",  "item_path",     "update_method",    "version_field", "name_lookup_field",
        "created_id_field", "list",          "collection_limit", "read_also",     "async",
        "list_query",       "create_fields", "create_constants", "update_fields", "eventually_consistent",
        "object_match",     "read_method",   "id_attribute",     "unique_names"};
    for (const auto& [k, _] : j.items()) {
      if (!known_api_keys.count(k)) error("api." + k, "unknown key");
    }
    for (const json& e : j.value("read_also", json::array())) {
      ReadAlso extra{e.value("path", ""), e.value("as", ""), std::nullopt, std::nullopt};
      if (extra.path.find("{id}") == std::string::npos || extra.as.empty()) {
        error("api.read_also", "each entry needs a path containing {id} and an `as` key");
      }
      if (e.contains("write")) {
        const json& w = e["write"];
        SectionWrite write;
        write.method = w.value("method", "PUT");
        write.version_field = w.value("version_field", "");
        write.conflict_retries = w.value("conflict_retries", 0);
        write.constants = w.value("constants", json::object());
        write.copy = w.value("copy", std::vector<std::string>{});
        if (write.method != "PUT" && write.method != "PATCH")
          error("api.read_also.write.method", "must be PUT or PATCH");
        if (!write.constants.is_object()) error("api.read_also.write.constants", "must be an object");
        extra.write = std::move(write);
      }
      if (e.contains("in_listing")) {
        const json& l = e["in_listing"];
        InListing in_listing;
        in_listing.field = l.value("field", "");
        const json query = l.value("query", json::object());
        for (const auto& [k, v] : query.items()) {
          if (v.is_string()) in_listing.query.emplace_back(k, v.get<std::string>());
        }
        if (in_listing.field.empty() || in_listing.query.empty() || in_listing.query.size() != query.size()) {
          error("api.read_also.in_listing", "needs `query` (an object of strings) and `field`");
        }
        extra.in_listing = std::move(in_listing);
      }
      a.read_also.push_back(std::move(extra));
    }
    const json list_query = j.value("list_query", json::object());
    for (const auto& [k, v] : list_query.items()) {
      if (!v.is_string()) error("api.list_query." + k, "must be a string");
      else a.list_query.emplace_back(k, v.get<std::string>());
    }
    const json object_match = j.value("object_match", json::object());
    for (const auto& [k, v] : object_match.items()) {
      if (!v.is_string()) error("api.object_match." + k, "must be a string");
      else a.object_match.emplace_back(k, v.get<std::string>());
    }
    a.create_fields = j.value("create_fields", std::vector<std::string>{});
    a.create_constants = j.value("create_constants", json::object());
    a.update_fields = j.value("update_fields", std::vector<std::string>{});
    a.eventually_consistent = j.value("eventually_consistent", false);
    a.unique_names = j.value("unique_names", true);
    if (!a.create_constants.is_object()) error("api.create_constants", "must be an object");
    if (a.update_method != "PUT" && a.update_method != "PATCH") error("api.update_method", "must be PUT or PATCH");
    if (j.contains("async")) {
      const json& s = j["async"];
      std::string kind = s.value("kind", "");
      if (kind == "verification") a.async.kind = AsyncSpec::Kind::kVerification;
      else if (kind == "job") a.async.kind = AsyncSpec::Kind::kJob;
      else if (kind == "state") a.async.kind = AsyncSpec::Kind::kState;
      else error("api.async.kind", "must be verification, job or state");
      a.async.poll_path = s.value("poll_path", "");
      a.async.status_field = s.value("status_field", "status");
      a.async.message_field = s.value("message_field", "message");
      a.async.code_field = s.value("code_field", "");
      a.async.success_states = s.value("success_states", std::vector<std::string>{});
      a.async.failure_states = s.value("failure_states", std::vector<std::string>{});
      a.async.skip_attribute = s.value("skip_attribute", "");
      a.async.wait_on_delete = s.value("wait_on_delete", false);
      if (s.contains("expected_state")) {
        const json& e = s["expected_state"];
        a.async.expected_state_attribute = e.value("attribute", "");
        const json states_by_value = e.value("states", json::object());
        for (const auto& [value, states] : states_by_value.items()) {
          a.async.expected_states[value] = states.get<std::vector<std::string>>();
        }
        if (a.async.expected_state_attribute.empty() || a.async.expected_states.empty()) {
          error("api.async.expected_state", "needs `attribute` and `states` (attribute value -> success states)");
        }
      }
      if (a.async.poll_path.empty()) error("api.async.poll_path", "is required");
      if (a.async.success_states.empty() && a.async.expected_states.empty()) {
        error("api.async.success_states", "is required (or expected_state)");
      }
    }
    return a;
  }

  std::optional<std::chrono::milliseconds> duration(const json& j, const std::string& where) {
    static const std::regex re("^([0-9]+)(ms|s|m|h)$");
    std::smatch m;
    std::string text = j.is_string() ? j.get<std::string>() : "";
    if (!std::regex_match(text, m, re)) {
      error(where, "must be a duration such as 30s, 10m or 1h");
      return std::nullopt;
    }
    long n = std::stol(m[1]);
    std::string unit = m[2];
    if (unit == "ms") return std::chrono::milliseconds(n);
    if (unit == "s") return std::chrono::seconds(n);
    if (unit == "m") return std::chrono::minutes(n);
    return std::chrono::hours(n);
  }

  Timeouts timeouts(const json& j) {
    Timeouts t;
    for (const auto& [k, v] : j.items()) {
      auto d = duration(v, "timeouts." + k);
      if (!d) continue;
      if (k == "create") t.create = *d;
      else if (k == "update") t.update = *d;
      else if (k == "delete") t.remove = *d;
      else error("timeouts." + k, "unknown operation (create, update or delete)");
    }
    return t;
  }

  // "attributes.auth_config.attributes.password" -> "auth_config.password"
  static std::string dotted_path(std::string where) {
    where.erase(0, std::string("attributes.").size());
    for (size_t at; (at = where.find(".attributes.")) != std::string::npos;) where.erase(at, 11);
    return where;
  }

  // `"write_only_twin": true` on a secret attribute `x` adds, as if written beside it:
  //   x_wo          optional, write-only, sensitive, same type, API field and validators;
  //   x_wo_version  optional number, required_with x_wo;
  // and x conflicts_with x_wo unless a rule already asks for exactly one of them
  // (separate_write_only_twins). An object {description, version_description} replaces the
  // two generated descriptions.
  void add_write_only_twin(std::vector<Attribute>& out, const json& flag, const std::string& where,
                           ResourceSchema::Kind kind) {
    if (flag.is_boolean() && !flag.get<bool>()) return;
    const Attribute base = out.back();
    const std::string at = where + ".write_only_twin";
    if (!flag.is_boolean() && !flag.is_object()) {
      error(at, "must be true or an object with description and version_description");
      return;
    }
    if (flag.is_object()) {
      for (const auto& [k, _] : flag.items()) {
        if (k != "description" && k != "version_description") error(at + "." + k, "unknown key");
      }
    }
    if (!base.secret) error(at, "needs a secret attribute: only a value the API never returns can stay out of state");
    if (kind != ResourceSchema::Kind::kResource) error(at, "write_only is only valid on resources");
    Attribute twin;
    twin.name = base.name + "_wo";
    twin.type = base.type;
    twin.optional = true;
    twin.write_only = true;
    twin.sensitive = true;
    twin.api_field = base.api_field;
    twin.json = base.json;
    twin.validators = base.validators;
    Attribute version;
    version.name = base.name + "_wo_version";
    version.type = value::Type::number();
    version.optional = true;
    version.required_with = {twin.name};
    twin.description = flag.is_object() && flag.contains("description")
                           ? flag["description"].get<std::string>()
                           : "Write-only form of `" + base.name +
                                 "` (OpenTofu >= 1.11, Terraform >= 1.11): never "
                                 "stored in state. Change `" +
                                 version.name + "` to send a new value.";
    version.description = flag.is_object() && flag.contains("version_description")
                              ? flag["version_description"].get<std::string>()
                              : "Any number; changing it sends `" + twin.name + "` again.";
    twins_.push_back(dotted_path(where));
    out.push_back(std::move(twin));
    out.push_back(std::move(version));
  }

  // Setting both a secret and its twin is an error: through a rule's exactly_one_of where one
  // is asked for, else through conflicts_with on the secret.
  void separate_write_only_twins(ResourceSchema& r) {
    for (const std::string& base : twins_) {
      bool ruled = false;
      for (const Rule& rule : r.rules) {
        const auto& names = rule.exactly_one_of;
        ruled = ruled || (std::find(names.begin(), names.end(), base) != names.end() &&
                          std::find(names.begin(), names.end(), base + "_wo") != names.end());
      }
      if (ruled) continue;
      std::vector<Attribute>* level = &r.attributes;
      Attribute* found = nullptr;
      for (size_t start = 0; level != nullptr;) {
        size_t dot = base.find('.', start);
        std::string name = base.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        auto it = std::find_if(level->begin(), level->end(), [&](const Attribute& a) { return a.name == name; });
        if (it == level->end()) break;
        if (dot == std::string::npos) {
          found = &*it;
          break;
        }
        level = &it->attributes;
        start = dot + 1;
      }
      if (found) found->conflicts_with.push_back(found->name + "_wo");
    }
  }

  std::vector<Attribute> attributes(const json& j, const std::string& where, ResourceSchema::Kind kind) {
    std::vector<Attribute> out;
    for (const auto& [name, spec] : j.items()) {
      out.push_back(attribute(name, spec, where + "." + name, kind));
      if (spec.is_object() && spec.contains("write_only_twin")) {
        add_write_only_twin(out, spec["write_only_twin"], where + "." + name, kind);
      }
    }
    // Name order, as written files load (a generated twin sorts where a written one would).
    std::stable_sort(out.begin(), out.end(), [](const Attribute& a, const Attribute& b) { return a.name < b.name; });
    for (size_t i = 1; i < out.size(); ++i) {
      if (out[i].name == out[i - 1].name) {
        error(where + "." + out[i].name, "declared twice (write_only_twin generates it: remove the written one)");
      }
    }
    for (const Attribute& a : out) {
      for (const auto& other : a.conflicts_with) {
        bool found = false;
        for (const Attribute& b : out) found = found || b.name == other;
        if (!found) error(where + "." + a.name + ".conflicts_with", "names no sibling attribute " + other);
      }
    }
    return out;
  }

  Attribute attribute(const std::string& name, const json& s, const std::string& where, ResourceSchema::Kind kind) {
    Attribute a;
    a.name = name;
    if (!std::regex_match(name, std::regex("^[a-z][a-z0-9_]*$"))) error(where, "attribute names are lower snake case");
    if (!s.is_object()) {
      error(where, "must be an object");
      return a;
    }
    static const std::set<std::string> known = {"type",          "nested",        "attributes",
                                                "description",   "required",      "optional",
                                                "computed",      "sensitive",     "write_only",
                                                "force_new",     "stable",        "secret",
                                                "deprecated",    "api",           "json",
                                                "default",       "validators",    "conflicts_with",
                                                "required_with", "env",           "write_only_twin",
                                                "regex_filter",  "element_field", "api_values",
                                                "empty_alias"};
    for (const auto& [k, _] : s.items()) {
      if (!known.count(k)) error(where + "." + k, "unknown key");
    }
    a.description = s.value("description", "");
    if (a.description.empty()) error(where + ".description", "is required (it becomes the documentation)");
    a.required = s.value("required", false);
    a.optional = s.value("optional", false);
    a.computed = s.value("computed", false);
    a.sensitive = s.value("sensitive", false);
    a.write_only = s.value("write_only", false);
    a.force_new = s.value("force_new", false);
    a.stable = s.value("stable", false);
    a.secret = s.value("secret", false);
    a.deprecation = s.value("deprecated", "");
    a.api_field = s.value("api", "");
    a.env = s.value("env", "");
    a.regex_filter = s.value("regex_filter", "");
    a.element_field = s.value("element_field", "");
    a.empty_alias = s.value("empty_alias", "");
    const json api_values = s.value("api_values", json::object());
    for (const auto& [k, v] : api_values.items()) {
      if (!v.is_string()) error(where + ".api_values." + k, "must be a string");
      else a.api_values.emplace(k, v.get<std::string>());
    }
    if ((!a.regex_filter.empty() || !a.element_field.empty()) && where.find(".attributes.") != std::string::npos) {
      error(where, "regex_filter and element_field apply to top-level attributes only");
    }
    if (!a.env.empty()) {
      if (kind != ResourceSchema::Kind::kProvider)
        error(where + ".env", "only provider arguments read the environment");
      if (!std::regex_match(a.env, std::regex("^[A-Z][A-Z0-9_]*$"))) {
        error(where + ".env", "must be an environment variable name in upper snake case");
      }
      // Declared once: the description (and so the docs) names the variable from here.
      a.description += " Environment: `" + a.env + "`.";
    }
    a.conflicts_with = s.value("conflicts_with", std::vector<std::string>{});
    a.required_with = s.value("required_with", std::vector<std::string>{});
    std::string js = s.value("json", "");
    if (js == "object") a.json = JsonEncoding::kObject;
    else if (js == "string") a.json = JsonEncoding::kString;
    else if (!js.empty()) error(where + ".json", "must be object or string");

    // Terraform's configschema.InternalValidate rules (docs/reference/plugin-protocol.md §3.7).
    if (!a.required && !a.optional && !a.computed) error(where, "needs one of required, optional, computed");
    if (a.required && a.optional) error(where, "cannot be both required and optional");
    if (a.required && a.computed) error(where, "cannot be both required and computed");
    if (a.write_only && (a.computed || a.required))
      error(where, "write_only attributes must be optional and not computed");
    if (a.write_only && kind != ResourceSchema::Kind::kResource) error(where, "write_only is only valid on resources");

    if (s.contains("nested")) {
      std::string n = s["nested"].get<std::string>();
      if (n == "single") a.nesting = Nesting::kSingle;
      else if (n == "list") a.nesting = Nesting::kList;
      else if (n == "set") a.nesting = Nesting::kSet;
      else if (n == "map") a.nesting = Nesting::kMap;
      else error(where + ".nested", "must be single, list, set or map");
      if (s.contains("type")) error(where, "has both type and nested");
      if (!s.contains("attributes") || !s["attributes"].is_object()) {
        error(where + ".attributes", "nested attributes need an attributes object");
      } else {
        a.attributes = attributes(s["attributes"], where + ".attributes", kind);
      }
      if (a.nesting != Nesting::kSingle) {
        // Terraform forbids them inside sets; the engine carries write-only values only at the
        // top level and in single nested attributes (schema::write_only_values, mapping::to_api).
        for (const Attribute& c : a.attributes) {
          if (c.write_only)
            error(where + "." + c.name, "write_only is only allowed at the top level and in single nested attributes");
        }
      }
    } else if (s.contains("type")) {
      auto t = value::Type::from_json(s["type"].dump());
      if (!t.ok()) error(where + ".type", t.error().message());
      else a.type = *t;
    } else {
      error(where, "needs a type or nested");
    }
    a.type = implied_type(a);

    if (s.contains("default")) {
      auto v = value::decode_json(s["default"].dump(), a.type);
      if (!v.ok()) error(where + ".default", v.error().message());
      else a.default_value = *v;
      if (!a.computed) error(where + ".default", "a default needs computed (Terraform shows it in the plan)");
    }
    if (s.contains("validators")) {
      for (const auto& v : s["validators"]) a.validators.push_back(validator(v, where + ".validators"));
    }
    for (const Validator& v : a.validators) {
      if (v.kind == Validator::Kind::kInteger && a.type.kind() != value::Type::Kind::kNumber) {
        error(where + ".validators.integer", "applies to number attributes only");
      }
      if (v.kind == Validator::Kind::kDuration && a.type.kind() != value::Type::Kind::kString) {
        error(where + ".validators.duration", "applies to string attributes only");
      }
    }
    return a;
  }

  Validator validator(const json& v, const std::string& where) {
    Validator out{};
    if (!v.is_object() || v.size() != 1) {
      error(where, "each validator is an object with exactly one key");
      return out;
    }
    // Plain variables, not a structured binding: clang 14 (the fuzz build) cannot capture one.
    const std::string key = v.begin().key();
    const json& arg = v.begin().value();
    auto pair = [&](Validator::Kind k) {
      out.kind = k;
      if (!arg.is_array() || arg.size() != 2 || !arg[0].is_number() || !arg[1].is_number()) {
        error(where + "." + key, "takes [min, max]");
      } else {
        out.min = arg[0].get<double>();
        out.max = arg[1].get<double>();
      }
    };
    if (key == "length") pair(Validator::Kind::kLength);
    else if (key == "range") pair(Validator::Kind::kRange);
    else if (key == "one_of") {
      out.kind = Validator::Kind::kOneOf;
      out.choices = arg.get<std::vector<std::string>>();
    } else if (key == "regex") {
      out.kind = Validator::Kind::kRegex;
      out.pattern = arg.get<std::string>();
      try {
        std::regex check(out.pattern);
      } catch (const std::regex_error& e) {
        error(where + ".regex", std::string("invalid pattern: ") + e.what());
      }
    } else if (key == "integer") out.kind = Validator::Kind::kInteger;
    else if (key == "https_url") out.kind = Validator::Kind::kHttpsUrl;
    else if (key == "min_items") {
      out.kind = Validator::Kind::kMinItems;
      out.min = arg.get<double>();
    } else if (key == "max_items") {
      out.kind = Validator::Kind::kMaxItems;
      out.max = arg.get<double>();
    } else if (key == "json_object_of_strings") out.kind = Validator::Kind::kJsonObjectOfStrings;
    else if (key == "json_filter_policy") out.kind = Validator::Kind::kJsonFilterPolicy;
    else if (key == "duration") {
      // ["1s", "5m"]: the bounds are durations themselves.
      out.kind = Validator::Kind::kDuration;
      std::optional<std::chrono::milliseconds> lo, hi;
      if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_string()) {
        lo = base::parse_duration(arg[0].get<std::string>());
        hi = base::parse_duration(arg[1].get<std::string>());
      }
      if (!lo || !hi || *lo > *hi) {
        error(where + ".duration", "takes [min, max] as durations such as [\"1s\", \"5m\"]");
      } else {
        out.min = static_cast<double>(lo->count());
        out.max = static_cast<double>(hi->count());
      }
    } else if (key == "sequential_priorities") {
      out.kind = Validator::Kind::kSequentialPriorities;
      out.field = arg.get<std::string>();
    } else error(where + "." + key, "unknown validator");
    return out;
  }

  std::string file_;
  std::vector<std::string> errors_;
  std::vector<std::string> twins_;  // dotted paths of the secrets given a write-only twin
};

}  // namespace

base::Result<std::vector<ResourceSchema>, LoadErrors> load_schemas(const std::vector<SchemaFile>& files) {
  std::vector<ResourceSchema> out;
  LoadErrors errors;
  std::set<std::string> names;
  for (const SchemaFile& f : files) {
    Loader loader(f.name);
    json doc = json::parse(f.text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (doc.is_discarded()) {
      errors.messages.push_back(f.name + ": not valid JSON");
      continue;
    }
    ResourceSchema r;
    try {
      r = loader.resource(doc);
    } catch (const json::exception& e) {
      loader.error("(structure)", e.what());
    }
    if (!names.insert(r.type_name).second) loader.error("type_name", "declared twice: " + r.type_name);
    for (auto& m : loader.errors()) errors.messages.push_back(std::move(m));
    out.push_back(std::move(r));
  }
  if (!errors.messages.empty()) return errors;
  return out;
}

}  // namespace ge::schema
