// Measures what every Terraform command pays per provider process: start to handshake line,
// the schema round trip (GetProviderSchema, or GetSchema for a protocol-5 provider), and
// Shutdown to process exit. Drives any provider binary the way go-plugin does (magic cookie, AutoMTLS with a P-256
// client certificate like the host's). Prints a markdown table of medians.
//
//   ge_plugin_bench <provider binary> [runs=20] [label]
#include <grpcpp/grpcpp.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "go_plugin.grpc.pb.h"
#include "plugin/tls.h"
#include "tfplugin5_schema.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string der_base64_to_pem(std::string b64) {
  while (b64.size() % 4) b64 += '=';
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

struct Sample {
  double handshake_ms, schema_ms, shutdown_ms;
};

bool run_once(const std::string& binary, const ge::plugin::ServerCertificate& client, Sample& out) {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) return false;
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    int devnull = open("/dev/null", O_WRONLY);  // providers log to stderr; keep the table clean
    dup2(devnull, STDERR_FILENO);
    close(out_pipe[0]);
    close(out_pipe[1]);
    setenv("TF_PLUGIN_MAGIC_COOKIE", "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2", 1);
    setenv("PLUGIN_PROTOCOL_VERSIONS", "5,6", 1);
    setenv("PLUGIN_MIN_PORT", "10000", 1);
    setenv("PLUGIN_MAX_PORT", "25000", 1);
    setenv("PLUGIN_CLIENT_CERT", client.cert_pem.c_str(), 1);
    execl(binary.c_str(), binary.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  std::string line;
  char c;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n') line += c;
  auto t1 = Clock::now();
  // CORE|APP|NETWORK|ADDR|PROTOCOL|CERT
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '|') {
      parts.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() < 6) {
    std::fprintf(stderr, "unexpected handshake line: %s\n", line.c_str());
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return false;
  }
  std::string target = (parts[2] == "unix" ? "unix:" : "") + parts[3];
  std::shared_ptr<grpc::ChannelCredentials> creds;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
  if (parts[5].size() > 50) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = der_base64_to_pem(parts[5]);
    ssl.pem_private_key = client.key_pem;
    ssl.pem_cert_chain = client.cert_pem;
    creds = grpc::SslCredentials(ssl);
    args.SetSslTargetNameOverride("localhost");
  } else {
    creds = grpc::InsecureChannelCredentials();
  }
  auto channel = grpc::CreateCustomChannel(target, creds, args);
  grpc::ClientContext ctx;
  grpc::Status st;
  if (parts[1] == "5") {
    tfplugin5::GetProviderSchema::Response resp;
    st = tfplugin5::Provider::NewStub(channel)->GetSchema(&ctx, {}, &resp);
  } else {
    tfplugin6::GetProviderSchema::Response resp;
    st = tfplugin6::Provider::NewStub(channel)->GetProviderSchema(&ctx, {}, &resp);
  }
  auto t2 = Clock::now();
  if (!st.ok()) {
    std::fprintf(stderr, "GetProviderSchema failed: %s\n", st.error_message().c_str());
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return false;
  }
  auto controller = plugin::GRPCController::NewStub(channel);
  grpc::ClientContext sctx;
  plugin::Empty empty, empty_out;
  controller->Shutdown(&sctx, empty, &empty_out);
  auto t3 = Clock::now();
  // The host waits 2 s, then SIGKILLs: what we measure is how long it would wait.
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() - t3 > std::chrono::seconds(2)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    usleep(200);
  }
  auto t4 = Clock::now();
  close(out_pipe[0]);
  out = {ms(t1 - t0), ms(t2 - t1), ms(t4 - t3)};
  return true;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <provider binary> [runs] [label]\n", argv[0]);
    return 2;
  }
  std::string binary = argv[1];
  int runs = argc > 2 ? std::atoi(argv[2]) : 20;
  std::string label = argc > 3 ? argv[3] : binary;
  auto client = ge::plugin::generate_server_certificate();  // same profile serves as a client cert
  if (!client.ok()) return 1;
  std::vector<double> handshake, schema, shutdown;
  for (int i = 0; i < runs; ++i) {
    Sample s{};
    if (!run_once(binary, *client, s)) return 1;
    handshake.push_back(s.handshake_ms);
    schema.push_back(s.schema_ms);
    shutdown.push_back(s.shutdown_ms);
  }
  std::printf("| %s | %.1f | %.2f | %.1f |\n", label.c_str(), median(handshake), median(schema), median(shutdown));
  return 0;
}
