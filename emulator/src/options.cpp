#include "options.h"

#include <charconv>

namespace genesys_emulator {

std::string usage() {
  return "usage: genesys-emulator [--host H] [--port P] [--tls-cert FILE --tls-key FILE]\n"
         "                        [--ca-file FILE] [--data FILE]\n"
         "                        [--client-id ID] [--client-secret SECRET]\n";
}

std::optional<Options> parse_options(const std::vector<std::string>& args, std::string& error, bool& help) {
  Options options;
  help = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool inline_value = false;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      help = true;
      error = usage();
      return std::nullopt;
    }
    auto take = [&](std::string& out) {
      if (inline_value) {
        out = value;
        return true;
      }
      if (i + 1 >= args.size()) {
        error = flag + " needs a value\n" + usage();
        return false;
      }
      out = args[++i];
      return true;
    };
    std::string text;
    if (flag == "--host") {
      if (!take(options.host)) return std::nullopt;
    } else if (flag == "--port") {
      if (!take(text)) return std::nullopt;
      int port = -1;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
      if (ec != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
        error = "--port must be an integer 0..65535, got '" + text + "'\n";
        return std::nullopt;
      }
      options.port = port;
    } else if (flag == "--tls-cert") {
      if (!take(options.tls_cert)) return std::nullopt;
    } else if (flag == "--tls-key") {
      if (!take(options.tls_key)) return std::nullopt;
    } else if (flag == "--ca-file") {
      if (!take(options.ca_file)) return std::nullopt;
    } else if (flag == "--data") {
      if (!take(options.data_file)) return std::nullopt;
    } else if (flag == "--client-id") {
      if (!take(options.client_id)) return std::nullopt;
    } else if (flag == "--client-secret") {
      if (!take(options.client_secret)) return std::nullopt;
    } else {
      error = "unknown argument '" + args[i] + "'\n" + usage();
      return std::nullopt;
    }
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    error = "--tls-cert and --tls-key must be given together\n";
    return std::nullopt;
  }
  if (options.client_id.empty() || options.client_secret.empty()) {
    error = "--client-id and --client-secret must not be empty\n";
    return std::nullopt;
  }
  return options;
}

}  // namespace genesys_emulator
