// End-to-end harness: drives the real OpenTofu or Terraform binary (chosen by the environment
// variable GENESYSEVENTS_E2E_CLI = tofu | terraform | terraform-latest, the versions pinned in
// tools/versions.env) with this project's provider installed from a filesystem mirror, against a
// fresh genesys-emulator process per test. The emulator process, the HTTPS receiver and the
// certificates come from tests/support (docs/design/test-support.md).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <compare>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/receiver.h"
#include "support/temp_dir.h"
#include "support/tls_files.h"

namespace ge::test_support {
class EmulatorProcess;
}

namespace ge::e2e {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string all() const { return out + "\n" + err; }
};

struct HttpResult {
  int status = 0;
  nlohmann::json body;
  std::map<std::string, std::string> headers;
};

// A genesys-emulator child process on a free loopback port (test_support::EmulatorProcess), its
// stderr kept out of the test's output, with a token for the harness's own calls. Failing
// calls fail the current test.
class Emulator {
 public:
  struct Options {
    bool tls = false;  // serve HTTPS with a certificate from a test CA of its own (ca_file())
    std::string trust_file;               // --ca-file: trust for its outbound calls (HttpsReceiver::ca_file())
    std::vector<std::string> extra_args;  // more command-line arguments
  };
  explicit Emulator(Options options);
  Emulator() : Emulator(Options{}) {}
  ~Emulator();

  const std::string& url() const { return url_; }
  const std::string& ca_file() const { return ca_file_; }

  // Authenticated API call as the default client (demo-client).
  HttpResult api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  // Unauthenticated /emulator/ control call.
  HttpResult control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);
  // Requests to /api/v2 recorded since the given sequence number.
  std::vector<nlohmann::json> api_requests_since(int64_t seq);
  int64_t last_request_seq();
  // Every object of a collection (all pages); the path may carry a query of its own.
  std::vector<nlohmann::json> list(const std::string& collection_path);

 private:
  HttpResult call(const std::string& method, const std::string& path, const nlohmann::json& body, bool auth);
  test_support::TempDir dir_;                 // emulator.log
  std::optional<test_support::TlsFiles> tls_;  // with Options::tls
  std::unique_ptr<test_support::EmulatorProcess> process_;
  std::string url_;
  std::string ca_file_;
  std::string token_;
};

// A local HTTPS server on 127.0.0.1 with a certificate from its own test CA, answering every
// POST (and PUT) with a settable status, counting the POSTs and keeping each request: the
// endpoint an EventBridge target's verification calls, or a webhook's deliveries go to (use a
// different path for each). Start the emulator with Options{.trust_file = receiver.ca_file()}.
// The contract is in tests/support/receiver.h.
using HttpsReceiver = test_support::Receiver;

// A CLI's release number, ordered.
struct CliVersion {
  int major = 0, minor = 0, patch = 0;
  auto operator<=>(const CliVersion&) const = default;
};

// An OAuth client of the emulator; by default the one it starts with (docs/emulator.md).
struct ClientCredentials {
  std::string client_id = "demo-client";
  std::string client_secret = "demo-secret";
};

// A working directory with its own CLI configuration, in which commands run.
class Workspace {
 public:
  Workspace();
  // The usual start of a test: a workspace on `emulator` (use_emulator), with `main_tf` written
  // as main.tf when it is not empty, initialised (init must succeed).
  explicit Workspace(const Emulator& emulator, const std::string& main_tf = "");
  ~Workspace();

  const fs::path& dir() const { return dir_; }
  // The release of the CLI under test (`version -json`; asked once per process).
  CliVersion cli_version();
  // Whether the CLI passes write-only attributes to providers (Terraform and OpenTofu >= 1.11).
  // Features are gated on the version, never on the CLI's name.
  bool cli_supports_write_only();
  void write(const std::string& file, const std::string& text);
  void remove(const std::string& file);
  std::string read(const std::string& file) const;

  // The provider block (and required_providers) for an emulator, written to provider.tf: its
  // url, the client's credentials (the emulator's default client unless given) and
  // `extra_provider_arguments` (whole lines).
  void use_emulator(const Emulator& emulator, const std::string& extra_provider_arguments = "",
                    const ClientCredentials& credentials = {});

  // Runs the CLI with these arguments; `env` adds variables. Fails the test on timeout.
  CommandResult run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                    std::chrono::seconds timeout = std::chrono::seconds(300));
  // Starts the CLI in its own process group and returns its pid; finish() waits for it.
  int start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
  CommandResult finish(int pid, std::chrono::seconds timeout = std::chrono::seconds(300));

  // init must succeed; apply/destroy use -auto-approve.
  void init();
  // `apply -auto-approve -no-color` plus extra arguments.
  CommandResult apply(const std::vector<std::string>& extra = {});
  // apply() that must succeed: fails the test, with the CLI's output, unless it exits 0.
  CommandResult apply_ok(const std::vector<std::string>& extra = {});
  // `destroy -auto-approve -no-color` plus extra arguments; must succeed like apply_ok().
  CommandResult destroy_ok(const std::vector<std::string>& extra = {});
  // The exit code of `plan -detailed-exitcode` (0 = no changes, 2 = changes, 1 = error).
  int plan_exit_code();
  nlohmann::json state();  // `show -json` of the current state
  nlohmann::json outputs();  // `output -json` (must succeed): {"name": {"value": ...}, ...}
  // The resources in state, by address.
  std::map<std::string, nlohmann::json> resources();

 private:
  std::vector<std::string> full_env(const std::map<std::string, std::string>& env) const;
  fs::path dir_;
  std::string cli_path_;
  std::map<int, std::string> running_;  // pid -> output file stem
  int run_counter_ = 0;
};

// Step sequences every resource's suite repeats. Each fails the current test (Catch2) when a
// step that must succeed does not.

// Adopts the object `id` into a fresh workspace `ws` (use_emulator already called, no other
// configuration): writes only an `import` block for `address`, runs init and
// `plan -generate-config-out=generated.tf` (must exit 0), applies (must exit 0, importing the
// object without creating one), and checks that a `plan -detailed-exitcode` of the generated
// configuration then exits 0. Returns the generated configuration's text.
std::string import_with_generated_config(Workspace& ws, const std::string& address, const std::string& id);

// Removes `address` from state and imports it again by the id it had (`terraform import`); both
// must succeed and the state must hold the same id again. Returns the exit code of the following
// `plan -detailed-exitcode` (0 when import restored everything, 2 when it could not, e.g. a
// secret the API never returns).
int reimport(Workspace& ws, const std::string& address);

// Deletes the object behind `address` through the API (`item_path_prefix` + "/" + id, answered
// 204, or 202 for an asynchronous delete, after which the object must be gone within 30 s), then
// requires the next plan to show "1 to add" and an apply to succeed. Returns the new id.
std::string recreate_after_remote_delete(Workspace& ws, Emulator& emu, const std::string& address,
                                         const std::string& item_path_prefix);

// The steps of a resource's lifecycle test, for one resource `address` in `ws` whose objects
// live in the collection `collection_path` on `emu` (the only objects of that collection in the
// test; an object's item path is collection_path + "/" + id). Each step fails the current test
// when what it states does not hold; the checks particular to a resource stay in its test, and
// so do its no-op plans (`CHECK(ws.plan_exit_code() == 0)`), which read as steps of their own.
class LifecycleSteps {
 public:
  LifecycleSteps(Workspace& ws, Emulator& emu, std::string address, std::string collection_path);

  // Writes `hcl` as main.tf and applies it (must succeed); the collection then holds exactly
  // one object, which is returned. id() is its id from then on.
  nlohmann::json create(const std::string& hcl);
  // Writes `hcl` as main.tf and applies it: the apply must fail and leave exactly one object in
  // the collection, in state as tainted under `address` with that object's id (id() from then
  // on). Returns the failed apply, for the test's checks of its error.
  CommandResult create_fails_tainted(const std::string& hcl);
  // Writes `hcl` as main.tf and applies it (must succeed), changing the object in place: the
  // apply reports "1 changed". Returns the object as the API then holds it (object()).
  nlohmann::json update(const std::string& hcl);
  // Writes `hcl` as main.tf: the plan must say the resource "must be replaced" (a changed
  // force_new argument, or a tainted object), the apply must succeed, and the collection must
  // then hold exactly one object with another id, which is returned (id() is its id).
  nlohmann::json replace(const std::string& hcl);
  // Changes the object behind the CLI's back: PUT `changed` to its item path, which must answer
  // `expected_status`.
  void put(const nlohmann::json& changed, int expected_status = 200);
  // After a change behind the CLI's back: the plan must show a change (exit code 2) and an
  // apply must succeed. Returns the object as the API then holds it.
  nlohmann::json repair();
  // reimport() of the resource: the exit code of the plan after the import.
  int reimport();
  // recreate_after_remote_delete() of the object; id() is the new one's id, also returned.
  std::string recreate_after_remote_delete();
  // destroy must succeed and leave the collection empty.
  void destroy();

  // The object as the API holds it now (GET of its item path, which must answer 200).
  nlohmann::json object();
  // The resource's values in state.
  nlohmann::json state_values();
  const std::string& id() const { return id_; }
  std::string item_path() const { return collection_path_ + "/" + id_; }
  // The latest apply a step ran (create, create_fails_tainted, update, replace, repair).
  const CommandResult& last_apply() const { return last_apply_; }

 private:
  // The one object in the collection, its id kept.
  nlohmann::json only_object();
  Workspace& ws_;
  Emulator& emu_;
  std::string address_, collection_path_, id_;
  CommandResult last_apply_;
};

// The import-block test every resource has: applies `hcl` (which must declare `address`) in a
// workspace of its own (must succeed), then adopts that object into a fresh workspace with
// import_with_generated_config. Returns the generated configuration.
std::string import_applied_object(Emulator& emu, const std::string& hcl, const std::string& address);

// A configuration that must fail at plan time, and a text the error must contain (usually the
// attribute path).
struct PlanError {
  std::string hcl;
  std::string expected;
};
// For each case: writes it as main.tf in `ws` (initialised), runs `plan`, and checks the exit
// code is 1, stderr contains `expected`, and the emulator received no API request.
void expect_plan_errors(Workspace& ws, Emulator& emu, const std::vector<PlanError>& cases);

// Lower-case hex HMAC-SHA256(key, body): the signature format of the emulator's deliveries
// (docs/emulator.md) and of the provider's change notifications (docs/operations.md).
std::string hmac_sha256_hex(const std::string& key, const std::string& body);

// What a receiver does before trusting a delivery or a change notification (docs/operations.md):
// whether `received_hex`, a signature as received, is the HMAC-SHA256 of exactly `body` under
// `key`, compared in constant time.
bool signature_verifies(const std::string& key, const std::string& body, const std::string& received_hex);

// A tampered copy of `body`: the byte in the middle changed (`body` must not be empty).
std::string with_one_byte_changed(const std::string& body);

// The bytes of a file; "" when it is missing or unreadable.
std::string read_file(const fs::path& p);

// Where the CLI under test lives (built by scripts/build-clis.sh).
std::string cli_path(const std::string& name);
// The provider binary and the emulator binary under test.
std::string provider_binary();
std::string emulator_binary();

}  // namespace ge::e2e
