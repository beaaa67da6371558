#include "rest/transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "base/text.h"
#include "rest/ca_bundle.h"

namespace ge::rest {
namespace {

using Clock = std::chrono::steady_clock;

// A response larger than this is not an API answer; stop reading rather than exhaust memory.
constexpr size_t kMaxBody = 64u << 20;
// Upper bound on how long a transfer goes without checking the Cancellation.
constexpr int kPollSliceMs = 50;
// Idle handle pairs kept for reuse; Terraform runs 10 RPCs at once by default.
constexpr size_t kMaxPooled = 16;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

struct Exchange {
  HttpResponse* response;
  const base::Cancellation* cancel;
  bool too_large = false;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  std::string_view line(data, size * n);
  // A new status line starts a new header block (100 Continue, a proxy's CONNECT answer):
  // only the final response's headers count.
  if (line.rfind("HTTP/", 0) == 0) {
    x->response->headers.clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  x->response->headers[base::lower_case(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* x = static_cast<Exchange*>(user);
  if (x->response->body.size() + size * n > kMaxBody) {
    x->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  x->response->body.append(data, size * n);
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* x = static_cast<Exchange*>(user);
  return (x->cancel != nullptr && x->cancel->cancelled()) ? 1 : 0;
}

TransportFailure failure(Error::Kind kind, std::string message, bool transient, bool sent) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return {std::move(e), transient, sent};
}

// Sorts a libcurl result into the retry classes of client.h.
TransportFailure classify(CURLcode code, std::string detail, bool sent) {
  switch (code) {
    case CURLE_ABORTED_BY_CALLBACK: return failure(Error::Kind::kCancelled, "request cancelled", false, sent);
    case CURLE_OPERATION_TIMEDOUT: return failure(Error::Kind::kTimeout, detail, true, sent);
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR: return failure(Error::Kind::kTransport, detail, true, false);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return failure(Error::Kind::kTransport, detail, true, sent);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return failure(Error::Kind::kTransport,
                     detail + " (if the server uses a private CA, set the CA certificate file)", false, false);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return failure(Error::Kind::kConfig, detail, false, false);
    default: return failure(Error::Kind::kTransport, detail, false, sent);
  }
}

}  // namespace

struct Transport::Shared {
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;

  Shared() {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(
        share, CURLSHOPT_LOCKFUNC,
        +[](CURL*, curl_lock_data d, curl_lock_access, void* u) { static_cast<Shared*>(u)->locks[d].lock(); });
    curl_share_setopt(
        share, CURLSHOPT_UNLOCKFUNC,
        +[](CURL*, curl_lock_data d, void* u) { static_cast<Shared*>(u)->locks[d].unlock(); });
  }
  ~Shared() { curl_share_cleanup(share); }
};

struct Transport::Slot {
  CURLM* multi = curl_multi_init();
  CURL* easy = curl_easy_init();
  ~Slot() {
    curl_easy_cleanup(easy);
    curl_multi_cleanup(multi);
  }
};

Transport::Transport(TransportConfig config, std::shared_ptr<base::Cancellation> cancel)
    : config_(std::move(config)), cancel_(std::move(cancel)) {
  global_init();
  shared_ = std::make_unique<Shared>();
  if (config_.ca_cert_file.empty()) return;
  auto bundle = trust_bundle_with(config_.ca_cert_file);
  if (!bundle.ok()) {
    config_error_ = bundle.error();
    return;
  }
  ca_blob_ = std::move(bundle).value();
}

Transport::~Transport() = default;

std::unique_ptr<Transport::Slot> Transport::borrow() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  return std::make_unique<Slot>();
}

void Transport::give_back(std::unique_ptr<Slot> slot) {
  std::lock_guard lock(pool_mu_);
  if (pool_.size() < kMaxPooled) pool_.push_back(std::move(slot));
}

base::Result<HttpResponse, TransportFailure> Transport::perform(const HttpRequest& request) {
  if (config_error_) return TransportFailure{*config_error_, false, false};
  if (cancel_ && cancel_->cancelled()) {
    return failure(Error::Kind::kCancelled, "request cancelled", false, false);
  }
  auto slot = borrow();
  if (slot->easy == nullptr || slot->multi == nullptr) {
    return failure(Error::Kind::kTransport, "libcurl initialisation failed", false, false);
  }
  CURL* h = slot->easy;
  // Reset keeps the handle's live connections, DNS and TLS caches; everything else is set anew.
  curl_easy_reset(h);

  // Only reads are aborted mid-flight. A mutation that already left may have changed the
  // platform: it runs to its answer (bounded by the request timeout) so the caller can record
  // what it created instead of orphaning it (docs/design/cancellation.md).
  const bool abortable = request.method == "GET";
  HttpResponse response;
  Exchange x{&response, abortable ? cancel_.get() : nullptr};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& hd : request.headers) headers = curl_slist_append(headers, hd.c_str());
  // A 100-continue round trip only adds latency for the small JSON bodies the API takes.
  headers = curl_slist_append(headers, "Expect:");

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_SHARE, shared_->share);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.request_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_blob_.empty()) {
    curl_blob blob{ca_blob_.data(), ca_blob_.size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (!config_.user_agent.empty()) curl_easy_setopt(h, CURLOPT_USERAGENT, config_.user_agent.c_str());
  if (request.url.rfind("http://", 0) == 0 && std::getenv("http_proxy") == nullptr) {
    if (const char* p = std::getenv("HTTP_PROXY"); p != nullptr && *p != '\0') {
      curl_easy_setopt(h, CURLOPT_PROXY, p);
    }
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    // libcurl re-sends a request by itself when a kept-alive connection dies before the answer.
    // For a POST or PATCH that would be a second, unseen mutation (a create nobody knows of),
    // so they always start a connection of their own: any re-send is then the client's own,
    // counted retry (docs/design/engine-rules.md).
    if (request.method == "POST" || request.method == "PATCH") curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    if (request.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.body) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body->data());
    } else if (request.method == "POST") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    }
  }

  auto start = Clock::now();
  curl_multi_add_handle(slot->multi, h);
  bool cancelled = false;
  for (;;) {
    int running = 0;
    if (curl_multi_perform(slot->multi, &running) != CURLM_OK || running == 0) break;
    if (abortable && cancel_ && cancel_->cancelled()) {
      cancelled = true;
      break;
    }
    curl_multi_poll(slot->multi, nullptr, 0, kPollSliceMs, nullptr);
  }
  CURLcode code = CURLE_OK;
  if (cancelled) {
    code = CURLE_ABORTED_BY_CALLBACK;
  } else {
    int left = 0;
    code = CURLE_GOT_NOTHING;
    while (CURLMsg* m = curl_multi_info_read(slot->multi, &left)) {
      if (m->msg == CURLMSG_DONE && m->easy_handle == h) code = m->data.result;
    }
  }
  // Removing an unfinished transfer closes its connection, which is what a cancel wants.
  curl_multi_remove_handle(slot->multi, h);
  response.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  curl_slist_free_all(headers);

  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  long request_size = 0;
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
  give_back(std::move(slot));

  if (code != CURLE_OK) {
    std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(code);
    if (x.too_large) detail = "response body larger than " + std::to_string(kMaxBody) + " bytes";
    auto f = classify(code, std::move(detail), request_size > 0);
    f.error.message = request.method + " " + request.url + ": " + f.error.message;
    return f;
  }
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace ge::rest
