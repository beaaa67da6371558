#include "mapping/metrics.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <tuple>

namespace ge::mapping {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Family {
  const char* name;
  const char* type;  // counter | histogram
  const char* help;
};

// Render order and documentation (docs/operations.md#metrics mirrors it).
constexpr Family kFamilies[] = {
    {"genesysevents_api_requests_total", "counter", "HTTP attempts to the API, retries included, by answer status."},
    {"genesysevents_api_request_duration_seconds", "histogram",
     "Duration of one API request including pacing, back-offs and retries."},
    {"genesysevents_api_retries_total", "counter", "Back-off retries of API requests (429, 5xx, dropped connections)."},
    {"genesysevents_api_throttled_total", "counter", "429 answers from the API."},
    {"genesysevents_wait_duration_seconds", "histogram", "Time spent waiting for target verification or source jobs."},
    {"genesysevents_operations_total", "counter", "Creates, updates and deletes by outcome."},
};

const Family* family_of(const std::string& name) {
  for (const auto& f : kFamilies) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path) {
    if (c == '/') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

bool id_like(const std::string& segment) {
  static const std::regex uuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  if (std::regex_match(segment, uuid)) return true;
  bool digit = false;
  for (char c : segment) digit = digit || (c >= '0' && c <= '9');
  return digit && segment.size() >= 8;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string series_name(const SeriesKey& k) {
  const Family* f = family_of(k.family);
  if (!f || std::string(f->type) != "histogram") return k.family;
  return k.family + (k.part == 0 ? "_bucket" : k.part == 1 ? "_sum" : "_count");
}

std::string series_line(const SeriesKey& k, double v) {
  std::string line = series_name(k);
  auto labels = k.labels;
  if (series_name(k) != k.family && k.part == 0) labels.emplace_back("le", number(k.le));
  if (!labels.empty()) {
    line += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      line += (i ? "," : "") + labels[i].first + "=\"" + escape_label(labels[i].second) + "\"";
    }
    line += '}';
  }
  return line + " " + number(v) + "\n";
}

}  // namespace

bool SeriesKey::operator<(const SeriesKey& o) const {
  return std::tie(family, labels, part, le) < std::tie(o.family, o.labels, o.part, o.le);
}

void EndpointTemplates::add(const std::string& tmpl) {
  if (tmpl.empty()) return;
  auto parts = split_path(tmpl);
  for (const auto& t : templates_) {
    if (t == parts) return;
  }
  templates_.push_back(std::move(parts));
}

std::string EndpointTemplates::match(const std::string& path) const {
  auto parts = split_path(path.substr(0, path.find('?')));
  for (const auto& t : templates_) {
    if (t.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < t.size() && ok; ++i) {
      bool placeholder = t[i].size() > 2 && t[i].front() == '{' && t[i].back() == '}';
      ok = placeholder ? !parts[i].empty() : t[i] == parts[i];
    }
    if (!ok) continue;
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) out += (i ? "/" : "") + t[i];
    return out;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + (id_like(parts[i]) ? "{id}" : parts[i]);
  return out;
}

const std::vector<double>& request_duration_buckets() {
  static const std::vector<double> b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  return b;
}

const std::vector<double>& wait_duration_buckets() {
  static const std::vector<double> b = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};
  return b;
}

void observe_histogram(Series& series, const std::string& family,
                       const std::vector<std::pair<std::string, std::string>>& labels,
                       const std::vector<double>& buckets, double seconds) {
  for (double b : buckets) {
    series[{family, labels, 0, b}] += seconds <= b ? 1 : 0;  // every bucket exists, zero or not
  }
  series[{family, labels, 0, kInf}] += 1;
  series[{family, labels, 1, 0}] += seconds;
  series[{family, labels, 2, 0}] += 1;
}

std::string render_metrics(const Series& series) {
  std::string out;
  std::string current;
  auto emit_header = [&](const std::string& family) {
    if (family == current) return;
    current = family;
    if (const Family* f = family_of(family)) {
      out += std::string("# HELP ") + f->name + " " + f->help + "\n";
      out += std::string("# TYPE ") + f->name + " " + f->type + "\n";
    }
  };
  // Known families in their documented order, then anything else the file held.
  for (const auto& f : kFamilies) {
    for (const auto& [k, v] : series) {
      if (k.family != f.name) continue;
      emit_header(k.family);
      out += series_line(k, v);
    }
  }
  for (const auto& [k, v] : series) {
    if (family_of(k.family)) continue;
    out += series_line(k, v);
  }
  return out;
}

base::Result<Series> parse_metrics(const std::string& text) {
  static const std::regex line_re(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$)");
  static const std::regex label_re(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)")re");
  Series out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) return base::InvalidArgument("malformed metrics line: " + line);
    SeriesKey k;
    std::string name = m[1];
    k.family = name;
    for (const auto& [suffix, part] : {std::pair{"_bucket", 0}, std::pair{"_sum", 1}, std::pair{"_count", 2}}) {
      std::string s = suffix;
      if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
        std::string base = name.substr(0, name.size() - s.size());
        const Family* f = family_of(base);
        if (f && std::string(f->type) == "histogram") {
          k.family = base;
          k.part = part;
        }
      }
    }
    std::string labels = m[3];
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label_re); it != std::sregex_iterator(); ++it) {
      std::string value;
      std::string raw = (*it)[2];
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
          ++i;
          value += raw[i] == 'n' ? '\n' : raw[i];
        } else {
          value += raw[i];
        }
      }
      if ((*it)[1] == "le" && k.family != name) {
        k.le = value == "+Inf" ? kInf : std::strtod(value.c_str(), nullptr);
      } else {
        k.labels.emplace_back((*it)[1], value);
      }
    }
    std::string v = m[4];
    char* end = nullptr;
    double d = v == "+Inf" ? kInf : std::strtod(v.c_str(), &end);
    if (v != "+Inf" && (end == v.c_str() || *end != '\0')) {
      return base::InvalidArgument("malformed metrics value: " + line);
    }
    out[k] += d;
  }
  return out;
}

void Metrics::record_request(const rest::RequestOutcome& o) {
  std::vector<std::pair<std::string, std::string>> labels = {{"endpoint", endpoints_.match(o.path)},
                                                             {"method", o.method}};
  std::lock_guard lock(mu_);
  for (int status : o.attempt_statuses) {
    auto with_code = labels;
    with_code.emplace(with_code.begin(), "code", status == 0 ? "none" : std::to_string(status));
    pending_[{"genesysevents_api_requests_total", with_code}] += 1;
    if (status == 429) pending_[{"genesysevents_api_throttled_total", labels}] += 1;
  }
  if (o.retries > 0) pending_[{"genesysevents_api_retries_total", labels}] += o.retries;
  observe_histogram(pending_, "genesysevents_api_request_duration_seconds", labels, request_duration_buckets(),
                    std::chrono::duration<double>(o.latency).count());
}

void Metrics::record_wait(const std::string& kind, const std::string& resource_type, std::chrono::milliseconds waited) {
  std::lock_guard lock(mu_);
  observe_histogram(pending_, "genesysevents_wait_duration_seconds", {{"kind", kind}, {"resource_type", resource_type}},
                    wait_duration_buckets(), std::chrono::duration<double>(waited).count());
}

void Metrics::record_operation(Operation operation, const std::string& resource_type, bool ok) {
  std::lock_guard lock(mu_);
  pending_[{"genesysevents_operations_total",
            {{"operation", std::string(operation_name(operation))},
             {"outcome", ok ? "success" : "error"},
             {"resource_type", resource_type}}}] += 1;
}

base::Status Metrics::flush(const std::string& path) {
  // Recording goes on while the file is written: the counts are taken out under the lock and
  // written outside it; a failed write puts them back for the next flush.
  std::lock_guard file_lock(file_mu_);
  Series delta;
  {
    std::lock_guard lock(mu_);
    delta.swap(pending_);
  }
  if (delta.empty()) return base::Status::Ok();
  base::Status written = add_to_file(path, delta);
  if (!written.ok()) {
    std::lock_guard lock(mu_);
    for (const auto& [k, v] : delta) pending_[k] += v;
  }
  return written;
}

base::Status Metrics::add_to_file(const std::string& path, const Series& delta) {
  auto fail = [&](const std::string& what) {
    return base::Internal("metrics file " + path + ": " + what + ": " + std::strerror(errno));
  };
  const std::string lock_path = path + ".lock";
  int lock_fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return fail("cannot open " + lock_path);
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }  // closing releases the flock
  } unlock{lock_fd};
  if (::flock(lock_fd, LOCK_EX) != 0) return fail("cannot lock " + lock_path);

  Series total;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parse_metrics(ss.str());
    // A file that is not ours (or damaged) cannot be added to: it is replaced by our counts.
    if (parsed.ok()) total = std::move(parsed).value();
  }
  for (const auto& [k, v] : delta) total[k] += v;

  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return fail("cannot write " + tmp);
    out << render_metrics(total);
    out.flush();
    if (!out) return fail("cannot write " + tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto status = fail("cannot rename " + tmp);
    ::unlink(tmp.c_str());
    return status;
  }
  return base::Status::Ok();
}

}  // namespace ge::mapping
