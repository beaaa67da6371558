#include "harness.h"

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <catch2/catch.hpp>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "support/emulator_process.h"

namespace ge::e2e {
namespace bp = boost::process;
using nlohmann::json;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

constexpr const char* kProviderVersion = "0.1.0";

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

using test_support::make_temp_dir;

// A filesystem mirror holding the provider under both registry host names (one per process,
// removed when the process exits). The binary is hard-linked where it can be: every CTest entry
// is a process of its own, and copies of a statically linked provider would fill the disk.
const fs::path& provider_mirror() {
  struct Mirror {
    fs::path dir;
    ~Mirror() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  };
  static std::once_flag once;
  static Mirror mirror;
  std::call_once(once, [] {
    mirror.dir = make_temp_dir("genesysevents-mirror");
    for (const char* host : {"registry.terraform.io", "registry.opentofu.org"}) {
      fs::path dir = mirror.dir / host / "genesys-events" / "genesysevents" / kProviderVersion / "linux_amd64";
      fs::create_directories(dir);
      fs::path target = dir / (std::string("terraform-provider-genesysevents_v") + kProviderVersion);
      std::error_code ec;
      fs::create_hard_link(provider_binary(), target, ec);
      if (ec) fs::copy_file(provider_binary(), target, fs::copy_options::overwrite_existing);
    }
  });
  return mirror.dir;
}

// Puts the child in its own process group, so a test can interrupt it (and its provider) the
// way a terminal's Ctrl-C does, without signalling the test runner.
struct NewProcessGroup : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
  }
};

std::map<std::string, std::string> lowercase_headers(const httplib::Headers& h) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : h) {
    std::string key = k;
    for (auto& c : key) c = static_cast<char>(std::tolower(c));
    out[key] = v;
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& key, const std::string& body) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
               reinterpret_cast<const unsigned char*>(body.data()), body.size(), md, &len) != nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

bool signature_verifies(const std::string& key, const std::string& body, const std::string& received_hex) {
  std::string expected = hmac_sha256_hex(key, body);
  return received_hex.size() == expected.size() &&
         CRYPTO_memcmp(received_hex.data(), expected.data(), expected.size()) == 0;
}

std::string with_one_byte_changed(const std::string& body) {
  REQUIRE_FALSE(body.empty());
  std::string tampered = body;
  tampered[tampered.size() / 2] ^= 0x01;
  return tampered;
}

namespace {

// A CLI the suites can run (--cli NAME): the versions.env key of its pinned version, the
// variable that overrides its path, and the binary's name in scripts/build-clis.sh's cache.
struct CliBuild {
  std::string version_key, override_variable, binary;
};

const CliBuild& cli_build(const std::string& name) {
  static const std::map<std::string, CliBuild> builds = {
      {"tofu", {"OPENTOFU_VERSION", "GENESYSEVENTS_TOFU", "tofu"}},
      {"terraform", {"TERRAFORM_VERSION", "GENESYSEVENTS_TERRAFORM", "terraform"}},
      {"terraform-latest", {"TERRAFORM_LATEST_VERSION", "GENESYSEVENTS_TERRAFORM_LATEST", "terraform"}},
  };
  auto it = builds.find(name);
  INFO("CLI names: tofu, terraform, terraform-latest");
  REQUIRE(it != builds.end());
  return it->second;
}

}  // namespace

std::string cli_path(const std::string& name) {
  const CliBuild& build = cli_build(name);
  if (const char* v = std::getenv(build.override_variable.c_str()); v && *v) return v;
  // Same rule as scripts/build-clis.sh: <cache>/<binary>-<version>/bin/<binary>.
  std::string versions = read_file(fs::path(GE_SOURCE_DIR) / "tools" / "versions.env");
  std::smatch m;
  REQUIRE(std::regex_search(versions, m, std::regex("(^|\\n)" + build.version_key + "=(\\S+)")));
  std::string cache = env_or("GENESYSEVENTS_TOOLS_CACHE", env_or("HOME", "/root") + "/.cache/genesysevents/tools");
  return cache + "/" + build.binary + "-" + m[2].str() + "/bin/" + build.binary;
}

std::string provider_binary() { return env_or("GENESYSEVENTS_PROVIDER_BINARY", GE_PROVIDER_BINARY); }
std::string emulator_binary() { return test_support::emulator_binary(); }

// ---------------------------------------------------------------------------------------------
Emulator::Emulator(Options options) : dir_("genesysevents-emulator") {
  std::vector<std::string> args;
  if (options.tls) {
    tls_.emplace(test_support::TlsFiles::ca_signed());
    ca_file_ = tls_->ca_file();
    args.insert(args.end(), {"--tls-cert", tls_->cert_file(), "--tls-key", tls_->key_file()});
  }
  if (!options.trust_file.empty()) args.insert(args.end(), {"--ca-file", options.trust_file});
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  process_ = std::make_unique<test_support::EmulatorProcess>(args, ca_file_, (dir_.path() / "emulator.log").string());
  url_ = process_->url();
  token_ = process_->token();  // one token for the harness's own API calls
}

Emulator::~Emulator() = default;  // the process stops before its log directory goes

HttpResult Emulator::call(const std::string& method, const std::string& path, const json& body, bool auth) {
  test_support::Response res = process_->request(method, path, &body, auth ? token_ : "");
  INFO(method << " " << path);
  REQUIRE(res.status != 0);  // an HTTP answer came
  HttpResult out;
  out.status = res.status;
  out.headers = lowercase_headers(res.headers);
  out.body = std::move(res.body);
  return out;
}

HttpResult Emulator::api(const std::string& method, const std::string& path, const json& body) {
  return call(method, path, body, true);
}

HttpResult Emulator::control(const std::string& method, const std::string& path, const json& body) {
  return call(method, path, body, false);
}

std::vector<json> Emulator::api_requests_since(int64_t seq) {
  auto r = control("GET", "/emulator/requests?since=" + std::to_string(seq));
  REQUIRE(r.status == 200);
  std::vector<json> out;
  const json& list = r.body.is_array() ? r.body : r.body.value("requests", json::array());
  for (const auto& e : list) {
    if (e.value("path", "").rfind("/api/v2", 0) == 0) out.push_back(e);
  }
  return out;
}

int64_t Emulator::last_request_seq() {
  auto r = control("GET", "/emulator/requests");
  const json& list = r.body.is_array() ? r.body : r.body.value("requests", json::array());
  int64_t seq = 0;
  for (const auto& e : list) seq = std::max<int64_t>(seq, e.value("seq", int64_t{0}));
  return seq;
}

std::vector<json> Emulator::list(const std::string& collection_path) {
  std::vector<json> out;
  for (int page = 1;; ++page) {
    const char separator = collection_path.find('?') == std::string::npos ? '?' : '&';
    auto r = api("GET", collection_path + separator + "pageSize=100&pageNumber=" + std::to_string(page));
    REQUIRE(r.status == 200);
    for (const auto& e : r.body.at("entities")) out.push_back(e);
    if (page >= r.body.value("pageCount", 1)) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
Workspace::Workspace() : dir_(make_temp_dir("genesysevents-ws")) {
  cli_path_ = cli_path(env_or("GENESYSEVENTS_E2E_CLI", "tofu"));
  INFO("CLI under test: " << cli_path_ << " (build it with scripts/build-clis.sh)");
  REQUIRE(fs::exists(cli_path_));
  write_file(dir_ / ".cli.tfrc",
             "provider_installation {\n"
             "  filesystem_mirror {\n"
             "    path    = \"" + provider_mirror().string() + "\"\n"
             "    include = [\"registry.terraform.io/genesys-events/*\", \"registry.opentofu.org/genesys-events/*\"]\n"
             "  }\n"
             "}\n");
}

Workspace::Workspace(const Emulator& emulator, const std::string& main_tf) : Workspace() {
  use_emulator(emulator);
  if (!main_tf.empty()) write("main.tf", main_tf);
  init();
}

Workspace::~Workspace() {
  if (std::getenv("GENESYSEVENTS_E2E_KEEP") == nullptr) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

void Workspace::write(const std::string& file, const std::string& text) { write_file(dir_ / file, text); }
void Workspace::remove(const std::string& file) { fs::remove(dir_ / file); }
std::string Workspace::read(const std::string& file) const { return read_file(dir_ / file); }

void Workspace::use_emulator(const Emulator& emulator, const std::string& extra, const ClientCredentials& credentials) {
  write("provider.tf",
        "terraform {\n"
        "  required_providers {\n"
        "    genesysevents = { source = \"genesys-events/genesysevents\" }\n"
        "  }\n"
        "}\n\n"
        "provider \"genesysevents\" {\n"
        "  api_url            = \"" + emulator.url() + "\"\n"
        "  oauthclient_id     = \"" + credentials.client_id + "\"\n"
        "  oauthclient_secret = \"" + credentials.client_secret + "\"\n" + extra +
        "}\n");
}

std::vector<std::string> Workspace::full_env(const std::map<std::string, std::string>& env) const {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  vars["TF_CLI_CONFIG_FILE"] = (dir_ / ".cli.tfrc").string();
  vars["CHECKPOINT_DISABLE"] = "1";
  vars["TF_IN_AUTOMATION"] = "1";
  vars["TF_INPUT"] = "0";
  vars["NO_COLOR"] = "1";
  for (const auto& [k, v] : env) vars[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

int Workspace::start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::string stem = (dir_ / (".run" + std::to_string(++run_counter_))).string();
  std::vector<std::string> full_args = args;
  bp::environment bp_env;
  for (const auto& kv : full_env(env)) {
    auto eq = kv.find('=');
    bp_env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  bp::child c(cli_path_, bp::args = full_args, bp::start_dir = dir_.string(), bp_env, bp::std_out > stem + ".out",
              bp::std_err > stem + ".err", bp::std_in < bp::null, NewProcessGroup{});
  int pid = c.id();
  c.detach();
  running_[pid] = stem;
  return pid;
}

CommandResult Workspace::finish(int pid, std::chrono::seconds timeout) {
  CommandResult r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("command timed out after " << timeout.count() << " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(running_[pid] + ".out");
  r.err = read_file(running_[pid] + ".err");
  running_.erase(pid);
  return r;
}

CommandResult Workspace::run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                             std::chrono::seconds timeout) {
  return finish(start(args, env), timeout);
}

CliVersion Workspace::cli_version() {
  static std::map<std::string, CliVersion> known;  // by binary: every workspace of a run uses one CLI
  auto it = known.find(cli_path_);
  if (it != known.end()) return it->second;
  auto r = run({"version", "-json"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  // Both CLIs name the field terraform_version.
  std::string text = json::parse(r.out).at("terraform_version").get<std::string>();
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(^(\d+)\.(\d+)\.(\d+))")));
  CliVersion v{std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str())};
  known[cli_path_] = v;
  return v;
}

bool Workspace::cli_supports_write_only() { return cli_version() >= CliVersion{1, 11, 0}; }

void Workspace::init() {
  auto r = run({"init", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
}

CommandResult Workspace::apply(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"apply", "-auto-approve", "-no-color"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

CommandResult Workspace::apply_ok(const std::vector<std::string>& extra) {
  auto r = apply(extra);
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  return r;
}

CommandResult Workspace::destroy_ok(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"destroy", "-auto-approve", "-no-color"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run(args);
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  return r;
}

int Workspace::plan_exit_code() {
  auto r = run({"plan", "-detailed-exitcode", "-no-color"});
  INFO(r.all());
  return r.exit_code;
}

json Workspace::state() {
  auto r = run({"show", "-json", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

json Workspace::outputs() {
  auto r = run({"output", "-json", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

std::map<std::string, json> Workspace::resources() {
  std::map<std::string, json> out;
  json s = state();
  if (!s.contains("values") || !s["values"].contains("root_module")) return out;
  for (const auto& r : s["values"]["root_module"].value("resources", json::array())) {
    out[r.at("address").get<std::string>()] = r;
  }
  return out;
}

std::string import_with_generated_config(Workspace& ws, const std::string& address, const std::string& id) {
  ws.write("main.tf", "import {\n  to = " + address + "\n  id = \"" + id + "\"\n}\n");
  ws.init();
  auto r = ws.run({"plan", "-no-color", "-generate-config-out=generated.tf"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  std::string generated = ws.read("generated.tf");
  INFO(generated);
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 imported") != std::string::npos);
  CHECK(r.out.find("0 added") != std::string::npos);
  CHECK(ws.resources().at(address)["values"]["id"] == id);
  CHECK(ws.plan_exit_code() == 0);
  return generated;
}

int reimport(Workspace& ws, const std::string& address) {
  const std::string id = ws.resources().at(address)["values"]["id"];
  auto r = ws.run({"state", "rm", "-no-color", address});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  r = ws.run({"import", "-no-color", address, id});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(ws.resources().at(address)["values"]["id"] == id);
  return ws.plan_exit_code();
}

std::string recreate_after_remote_delete(Workspace& ws, Emulator& emu, const std::string& address,
                                         const std::string& item_path_prefix) {
  const std::string id = ws.resources().at(address)["values"]["id"];
  const std::string item = item_path_prefix + "/" + id;
  int status = emu.api("DELETE", item).status;
  REQUIRE((status == 204 || status == 202));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (emu.api("GET", item).status != 404) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto p = ws.run({"plan", "-no-color"});
  INFO(p.all());
  CHECK(p.out.find("1 to add") != std::string::npos);
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  std::string now = ws.resources().at(address)["values"]["id"];
  CHECK(now != id);
  return now;
}

// ---------------------------------------------------------------------------------------------
LifecycleSteps::LifecycleSteps(Workspace& ws, Emulator& emu, std::string address, std::string collection_path)
    : ws_(ws), emu_(emu), address_(std::move(address)), collection_path_(std::move(collection_path)) {}

json LifecycleSteps::only_object() {
  auto objects = emu_.list(collection_path_);
  INFO(collection_path_);
  REQUIRE(objects.size() == 1);
  id_ = objects[0].at("id").get<std::string>();
  return objects[0];
}

json LifecycleSteps::create(const std::string& hcl) {
  ws_.write("main.tf", hcl);
  last_apply_ = ws_.apply_ok();
  return only_object();
}

CommandResult LifecycleSteps::create_fails_tainted(const std::string& hcl) {
  ws_.write("main.tf", hcl);
  last_apply_ = ws_.apply();
  const CommandResult& r = last_apply_;
  INFO(r.all());
  CHECK(r.exit_code != 0);
  only_object();
  auto in_state = ws_.resources();
  REQUIRE(in_state.count(address_) == 1);
  CHECK(in_state[address_]["values"]["id"] == id_);
  CHECK(in_state[address_].value("tainted", false));
  return r;
}

json LifecycleSteps::update(const std::string& hcl) {
  ws_.write("main.tf", hcl);
  last_apply_ = ws_.apply_ok();
  INFO(last_apply_.all());
  CHECK(last_apply_.out.find("1 changed") != std::string::npos);
  return object();
}

json LifecycleSteps::replace(const std::string& hcl) {
  ws_.write("main.tf", hcl);
  auto p = ws_.run({"plan", "-no-color"});
  {
    INFO(p.all());
    CHECK(p.out.find("must be replaced") != std::string::npos);
  }
  last_apply_ = ws_.apply_ok();
  const std::string before = id_;
  json now = only_object();
  CHECK(id_ != before);
  return now;
}

void LifecycleSteps::put(const json& changed, int expected_status) {
  auto r = emu_.api("PUT", item_path(), changed);
  INFO(r.body.dump());
  REQUIRE(r.status == expected_status);
}

json LifecycleSteps::repair() {
  CHECK(ws_.plan_exit_code() == 2);
  last_apply_ = ws_.apply_ok();
  return object();
}

int LifecycleSteps::reimport() { return ge::e2e::reimport(ws_, address_); }

std::string LifecycleSteps::recreate_after_remote_delete() {
  id_ = ge::e2e::recreate_after_remote_delete(ws_, emu_, address_, collection_path_);
  return id_;
}

void LifecycleSteps::destroy() {
  ws_.destroy_ok();
  CHECK(emu_.list(collection_path_).empty());
}

json LifecycleSteps::object() {
  auto r = emu_.api("GET", item_path());
  INFO(item_path());
  REQUIRE(r.status == 200);
  return r.body;
}

json LifecycleSteps::state_values() { return ws_.resources().at(address_)["values"]; }

std::string import_applied_object(Emulator& emu, const std::string& hcl, const std::string& address) {
  Workspace origin(emu, hcl);
  origin.apply_ok();
  const std::string id = origin.resources().at(address)["values"]["id"];
  Workspace ws;
  ws.use_emulator(emu);
  return import_with_generated_config(ws, address, id);
}

void expect_plan_errors(Workspace& ws, Emulator& emu, const std::vector<PlanError>& cases) {
  for (const auto& c : cases) {
    ws.write("main.tf", c.hcl);
    int64_t seq = emu.last_request_seq();
    auto r = ws.run({"plan", "-no-color"});
    INFO(c.hcl);
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(c.expected) != std::string::npos);
    CHECK(emu.api_requests_since(seq).empty());
  }
}

}  // namespace ge::e2e
