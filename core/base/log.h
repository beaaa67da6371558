// Structured logging in go-hclog's JSON line format on stderr, which go-plugin parses and
// re-logs under the CLI's `provider.terraform-provider-genesysevents` logger
// (docs/reference/plugin-protocol.md §6). Level: TF_LOG_PROVIDER_GENESYSEVENTS, else TF_LOG_PROVIDER, else TF_LOG;
// unset means off. Thread-safe.
//
// Secrets: every value passed to register_secret() is replaced by "(redacted)" in every
// message and field before it is written, so a secret that slips into a log call still never
// reaches the output.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ge::base::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

using Field = std::pair<std::string_view, std::string>;

// Reads the level from the environment. Called once at start; tests may call it again.
void init_from_environment();
void set_level(Level level);
Level level();
bool enabled(Level level);

void register_secret(std::string secret);
std::string redact(std::string text);

void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});
inline void trace(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kTrace, m, f); }
inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kDebug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kInfo, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kWarn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kError, m, f); }

// Formats one hclog JSON line (without the newline); exposed for tests.
std::string format_line(Level level, std::string_view message, std::initializer_list<Field> fields,
                        std::string_view timestamp);

}  // namespace ge::base::log
