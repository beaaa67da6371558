#include "rest/endpoint_probe.h"

#include <curl/curl.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

#include "base/log.h"
#include "rest/ca_bundle.h"

namespace ge::rest {
namespace {

// The answer's body is not the point; reading stops here (the status is known by then).
constexpr size_t kMaxBody = 64 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const base::Cancellation* cancel = nullptr;
  size_t body_bytes = 0;
  bool body_cut = false;  // we stopped reading (CURLE_WRITE_ERROR that is not a failure)
};

size_t on_body(char*, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->body_bytes += size * n;
  if (t->body_bytes > kMaxBody) {
    t->body_cut = true;
    return 0;
  }
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->cancel != nullptr && t->cancel->cancelled() ? 1 : 0;
}

// One easy handle with what both attempts share.
struct Handle {
  CURL* h = curl_easy_init();
  std::array<char, CURL_ERROR_SIZE> errbuf{};
  Transfer transfer;
  ~Handle() {
    if (h != nullptr) curl_easy_cleanup(h);
  }
  Handle(const ProbeOptions& o, const std::string& ca_blob) {
    transfer.cancel = o.cancel;
    if (h == nullptr) return;
    curl_easy_setopt(h, CURLOPT_URL, o.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT,
                     o.user_agent.empty() ? "terraform-provider-genesysevents" : o.user_agent.c_str());
    if (!ca_blob.empty()) {
      curl_blob blob{const_cast<char*>(ca_blob.data()), ca_blob.size(), CURL_BLOB_COPY};
      curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
    }
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf.data());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  std::string reason(CURLcode code) const {
    return errbuf[0] != '\0' ? std::string(errbuf.data()) : curl_easy_strerror(code);
  }
  // A TCP connection was made: libcurl counts it when the socket connects, before TLS (its
  // CONNECT_TIME is only recorded once the TLS handshake is done too).
  bool connected() const {
    long n = 0;
    return curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &n) == CURLE_OK && n > 0;
  }
  bool handshake_done() const {
    curl_off_t t = 0;
    return curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &t) == CURLE_OK && t > 0;
  }
  // The leaf certificate's "Expire date" from the certificate information of the handshake.
  std::optional<std::chrono::system_clock::time_point> expiry() const {
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &info) != CURLE_OK || info == nullptr || info->num_of_certs < 1) {
      return std::nullopt;
    }
    static constexpr char kKey[] = "Expire date:";
    for (curl_slist* item = info->certinfo[0]; item != nullptr; item = item->next) {
      if (std::strncmp(item->data, kKey, sizeof kKey - 1) == 0)
        return parse_certinfo_time(item->data + sizeof kKey - 1);
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_certinfo_time(const std::string& text) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month[4] = {0};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0;
  char zone[4] = {0};
  if (std::sscanf(text.c_str(), " %3s %d %d:%d:%d %d %3s", month, &day, &hour, &minute, &second, &year, zone) != 7 ||
      std::strcmp(zone, "GMT") != 0) {
    return std::nullopt;
  }
  int mon = -1;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (std::strcmp(month, kMonths[i]) == 0) mon = static_cast<int>(i);
  }
  if (mon < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1950) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

ProbeResult probe_endpoint(const ProbeOptions& options) {
  global_init();
  ProbeResult result;
  if (options.cancel != nullptr && options.cancel->cancelled()) {
    result.error = "cancelled";
    return result;
  }
  std::string ca_blob;
  if (!options.ca_cert_file.empty()) {
    auto bundle = trust_bundle_with(options.ca_cert_file);
    if (!bundle.ok()) {
      result.config_error = bundle.error().message;
      return result;
    }
    ca_blob = std::move(bundle).value();
  }

  Handle verified(options, ca_blob);
  if (verified.h == nullptr) {
    result.error = "libcurl initialisation failed";
    return result;
  }
  curl_easy_setopt(verified.h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(verified.h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(verified.h, CURLOPT_HTTPGET, 1L);
  auto start = std::chrono::steady_clock::now();
  CURLcode code = curl_easy_perform(verified.h);
  result.latency = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  long status = 0;
  curl_easy_getinfo(verified.h, CURLINFO_RESPONSE_CODE, &status);

  result.reachable = verified.connected();
  result.tls_valid = verified.handshake_done();
  if (result.tls_valid) result.certificate_expires_at = verified.expiry();
  const bool answered = code == CURLE_OK || (code == CURLE_WRITE_ERROR && verified.transfer.body_cut);
  if (answered && status > 0) {
    result.reachable = true;
    result.tls_valid = true;
    result.http_status = static_cast<int>(status);
  } else if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    result.config_error = verified.reason(code);
  } else if (code == CURLE_ABORTED_BY_CALLBACK) {
    result.error = "cancelled";
  } else {
    result.error = verified.reason(code);
  }
  base::log::debug("endpoint probe", {{"url", options.url},
                                      {"curl_code", std::to_string(static_cast<int>(code))},
                                      {"http_status", std::to_string(status)},
                                      {"latency_ms", std::to_string(result.latency.count())}});
  if (code != CURLE_PEER_FAILED_VERIFICATION) return result;

  // The certificate did not verify: the connection was made but is not trusted. A handshake
  // without verification (and no request) still shows the certificate and its expiry.
  result.reachable = true;
  result.tls_valid = false;
  Handle unverified(options, ca_blob);
  if (unverified.h == nullptr) return result;
  curl_easy_setopt(unverified.h, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(unverified.h, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(unverified.h, CURLOPT_CONNECT_ONLY, 1L);
  if (curl_easy_perform(unverified.h) == CURLE_OK) result.certificate_expires_at = unverified.expiry();
  return result;
}

}  // namespace ge::rest
