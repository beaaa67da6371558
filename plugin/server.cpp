#include "plugin/server.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <mutex>
#include <sstream>

#include "base/log.h"
#include "go_plugin.grpc.pb.h"
#include "mapping/provider.h"
#include "plugin/provider_service.h"
#include "plugin/tls.h"
#include "plugin/version.h"
#include "schemas/embedded_schemas.h"

namespace ge::plugin {
namespace {

constexpr const char* kCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
constexpr const char* kCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
constexpr int kMaxMessageBytes = 256 * 1024 * 1024;  // as terraform-plugin-go; gRPC's default is 4 MiB

std::mutex g_shutdown_mu;
std::condition_variable g_shutdown_cv;
bool g_shutdown = false;

void request_shutdown() {
  {
    std::lock_guard lock(g_shutdown_mu);
    g_shutdown = true;
  }
  g_shutdown_cv.notify_all();
}

class ControllerService final : public ::plugin::GRPCController::Service {
  grpc::Status Shutdown(grpc::ServerContext*, const ::plugin::Empty*, ::plugin::Empty*) override {
    request_shutdown();
    return grpc::Status::OK;
  }
};

// The host lists the app protocol versions it speaks in any order ("5,6" or "6,5").
bool host_speaks_v6() {
  const char* v = std::getenv("PLUGIN_PROTOCOL_VERSIONS");
  if (v == nullptr || *v == '\0') return true;  // hosts that predate the variable speak one version
  std::stringstream ss(v);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item == "6") return true;
  }
  return false;
}

std::string socket_directory() {
  std::string base = std::getenv("PLUGIN_UNIX_SOCKET_DIR") ? std::getenv("PLUGIN_UNIX_SOCKET_DIR")
                     : std::getenv("TMPDIR")               ? std::getenv("TMPDIR")
                                                           : "/tmp";
  std::string pattern = base + "/genesysevents-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return "";
  return buf.data();
}

}  // namespace

int serve(const ServeOptions& options) {
  base::log::init_from_environment();
  if (!options.debug) {
    const char* cookie = std::getenv(kCookieKey);
    if (cookie == nullptr || std::string(cookie) != kCookieValue) {
      std::fprintf(stderr,
                   "This binary is a plugin. These are not meant to be executed directly.\n"
                   "Please execute the program that consumes these plugins, which will\n"
                   "load any plugins automatically.\n"
                   "(To run it by hand for debugging, use: %s -debug)\n",
                   "terraform-provider-genesysevents");
      return 1;
    }
    if (!host_speaks_v6()) {
      std::printf(
          "This provider speaks plugin protocol 6 only; the host offered %s. Use Terraform >= 1.0 or "
          "OpenTofu.\n",
          std::getenv("PLUGIN_PROTOCOL_VERSIONS"));
      std::fflush(stdout);
      return 1;
    }
  }
  // Ctrl-C reaches the whole process group; the host answers it with StopProvider and then
  // finishes writing state, so the provider must not die on it (go-plugin does the same).
  signal(SIGINT, SIG_IGN);
  // Never outlive the host (a crashed CLI must not leave providers behind).
  prctl(PR_SET_PDEATHSIG, SIGTERM);

  base::log::info("starting genesysevents provider", {{"version", kVersion}});
  // Schemas load on a second thread while gRPC starts; the build already proved they load.
  std::shared_future<std::shared_ptr<mapping::Provider>> provider =
      std::async(std::launch::async, [] {
        auto created = mapping::Provider::create(resources::embedded_schema_files());
        if (!created.ok()) {
          for (const auto& m : created.error().messages) std::fprintf(stderr, "schema error: %s\n", m.c_str());
          std::fflush(stderr);
          _exit(1);
        }
        return std::shared_ptr<mapping::Provider>(std::move(created).value());
      }).share();

  std::string dir = socket_directory();
  if (dir.empty()) {
    std::printf("could not create a socket directory: %s\n", std::strerror(errno));
    std::fflush(stdout);
    return 1;
  }
  std::string socket_path = dir + "/plugin.sock";

  std::shared_ptr<grpc::ServerCredentials> creds = grpc::InsecureServerCredentials();
  std::string cert_field;
  const char* client_cert = std::getenv("PLUGIN_CLIENT_CERT");
  if (!options.debug && client_cert != nullptr && *client_cert != '\0') {
    auto cert = generate_server_certificate();
    if (!cert.ok()) {
      std::printf("could not create the TLS certificate: %s\n", cert.error().message().c_str());
      std::fflush(stdout);
      return 1;
    }
    grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = client_cert;
    ssl.pem_key_cert_pairs.push_back(grpc::SslServerCredentialsOptions::PemKeyCertPair{cert->key_pem, cert->cert_pem});
    creds = grpc::SslServerCredentials(ssl);
    cert_field = cert->der_base64;
  }

  ProviderService provider_service(provider);
  ControllerService controller;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + socket_path, creds);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&provider_service);
  builder.RegisterService(&controller);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::printf("could not listen on %s\n", socket_path.c_str());
    std::fflush(stdout);
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus("plugin", true);

  if (options.debug) {
    std::string entry = "{\"Protocol\":\"grpc\",\"ProtocolVersion\":6,\"Pid\":" + std::to_string(getpid()) +
                        ",\"Test\":true,\"Addr\":{\"Network\":\"unix\",\"String\":\"" + socket_path + "\"}}";
    std::printf(
        "Provider started. To attach Terraform or OpenTofu, set in their environment:\n\n"
        "\tTF_REATTACH_PROVIDERS='{\"registry.terraform.io/genesys-events/genesysevents\":%s,"
        "\"registry.opentofu.org/genesys-events/genesysevents\":%s}'\n\n"
        "Stop it with Ctrl-\\ or by killing pid %d.\n",
        entry.c_str(), entry.c_str(), getpid());
  } else {
    std::printf("1|6|unix|%s|grpc|%s\n", socket_path.c_str(), cert_field.c_str());
  }
  std::fflush(stdout);

  {
    std::unique_lock lock(g_shutdown_mu);
    g_shutdown_cv.wait(lock, [] { return g_shutdown; });
  }
  // Give in-flight replies (the Shutdown answer itself) a moment, then cut everything: the host
  // SIGKILLs us 2 s after Shutdown anyway (docs/reference/plugin-protocol.md §2).
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(2));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  base::log::debug("provider stopped");
  std::fflush(stderr);
  _exit(0);
}

}  // namespace ge::plugin
