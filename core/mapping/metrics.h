// Telemetry of the provider as a Prometheus textfile (text exposition format 0.0.4), for
// node_exporter's textfile collector or any scraper of files (docs/operations.md#metrics).
//
// Families (all names prefixed genesysevents_):
//   api_requests_total{code,endpoint,method}           counter: HTTP attempts, retries included
//                                                      (code "none" when no answer came)
//   api_request_duration_seconds{endpoint,method}      histogram: whole send() (pacing, back-offs)
//   api_retries_total{endpoint,method}                 counter: back-off retries
//   api_throttled_total{endpoint,method}               counter: 429 answers
//   wait_duration_seconds{kind,resource_type}          histogram: verification / job waits
//   operations_total{operation,outcome,resource_type}  counter: creates, updates, deletes
// `endpoint` is the path template of the schemas (/api/v2/events/webhooks/{id}), never a raw id.
//
// Accumulation: Terraform runs several provider processes per command (and parallel provider
// configurations run at once), so the file is a sum over all of them. flush() adds this
// process's counts since the previous flush to the file's, under an exclusive flock of
// `<path>.lock`, writes `<path>.tmp.<pid>` and renames it over `<path>`: a reader sees the old
// or the new file, never a partial one. Delete the file to start counting from zero.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "mapping/operation.h"
#include "rest/client.h"

namespace ge::mapping {

// Maps a request path to its endpoint template. Templates are added from the schemas
// ("/api/v2/events/webhooks/{id}"; "{jobId}" or any other {name} segment matches one path
// segment); a path no template matches keeps its segments, except that id-like ones (a UUID, or
// at least 8 characters with a digit) become {id}, so ids never become label values.
class EndpointTemplates {
 public:
  void add(const std::string& tmpl);
  std::string match(const std::string& path) const;

 private:
  std::vector<std::vector<std::string>> templates_;  // split on '/'
};

// One time series: family name, labels in a fixed order, and for histogram series the part
// (_bucket, _sum, _count) and bucket bound. Ordered so a histogram renders its buckets in
// increasing `le`.
struct SeriesKey {
  std::string family;
  std::vector<std::pair<std::string, std::string>> labels;
  int part = 0;   // 0 plain or _bucket, 1 _sum, 2 _count
  double le = 0;  // _bucket only; +infinity for "+Inf"
  bool operator<(const SeriesKey& o) const;
};

using Series = std::map<SeriesKey, double>;

// The bucket bounds (seconds) of each histogram family.
const std::vector<double>& request_duration_buckets();
const std::vector<double>& wait_duration_buckets();

// Adds one observation to a histogram family: every bucket with le >= seconds (and +Inf),
// _sum and _count; buckets it does not reach are present with 0.
void observe_histogram(Series& series, const std::string& family,
                       const std::vector<std::pair<std::string, std::string>>& labels,
                       const std::vector<double>& buckets, double seconds);

// The text exposition of `series`: known families in a fixed order, each with # HELP and # TYPE.
std::string render_metrics(const Series& series);
// Parses what render_metrics wrote (comments and blank lines skipped); a malformed line is an
// error naming it.
base::Result<Series> parse_metrics(const std::string& text);

class Metrics {
 public:
  explicit Metrics(EndpointTemplates endpoints) : endpoints_(std::move(endpoints)) {}

  // Thread-safe; cheap (a lock and a few map updates).
  void record_request(const rest::RequestOutcome& outcome);
  void record_wait(const std::string& kind, const std::string& resource_type, std::chrono::milliseconds waited);
  void record_operation(Operation operation, const std::string& resource_type, bool ok);

  // Adds the counts recorded since the last successful flush to the file at `path` (see the
  // file comment). Nothing recorded since: nothing written. Thread-safe; recording is never
  // held up by the file I/O.
  base::Status flush(const std::string& path);

 private:
  // Adds `delta` to the file's counts under the file lock and replaces the file.
  base::Status add_to_file(const std::string& path, const Series& delta);

  EndpointTemplates endpoints_;
  std::mutex mu_;
  Series pending_;      // guarded by mu_
  std::mutex file_mu_;  // one flush at a time in this process (they share the temporary file name)
};

}  // namespace ge::mapping
