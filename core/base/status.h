// Errors as values. Every layer below plugin/ returns Status or Result<T> instead of throwing;
// the plugin edge turns them into Terraform diagnostics.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ge::base {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // the caller's input is wrong (config, state, wire bytes)
  kNotFound,
  kConflict,
  kUnavailable,  // transport failure or 5xx after retries
  kCancelled,    // StopProvider or an expired deadline
  kDeadlineExceeded,
  kPermissionDenied,
  kUnauthenticated,
  kInternal,
};

// [[nodiscard]]: a Status returned by a call must be looked at. A caller that drops one on purpose
// casts it to void with a comment saying why (a fuzz target, a test that only needs the call to stall).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or an error. E defaults to Status; layers with richer errors (rest::Error) use their own.
// [[nodiscard]] like Status: dropping a Result drops its error unseen.
//
// Preconditions: value(), operator-> and operator* require ok(); error() requires !ok(). Called on
// the other alternative they throw std::bad_variant_access (std::get): a bug in the caller, never
// a way to report a problem. Below plugin/ nothing catches it; in an RPC handler `guarded`
// (plugin/provider_service.cpp) turns it into one "Internal error" diagnostic, so the CLI keeps
// the prior state instead of crashing. Test ok() (or the bool conversion) first.
template <typename T, typename E = Status>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const E& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> v_;
};

}  // namespace ge::base
