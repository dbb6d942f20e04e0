// Status and Result: how the core layers (format/, store/, graph/) report
// failure. Modelled on leveldb::Status. services/ translates them to
// grpc::Status, once.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace palermo {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kAlreadyExists, kIoError, kCorruption, kBusy, kUnavailable, kCancelled };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  // The resource (a data directory) is held by someone else.
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  // Not now: the service is stopping, or a part it needs is failing (retry).
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  // The caller gave up.
  static Status Cancelled(std::string msg) { return Status(Code::kCancelled, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}                    // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}            // NOLINT: implicit by design
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  T* operator->() { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

inline std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: return "invalid argument: " + message_;
    case Code::kNotFound: return "not found: " + message_;
    case Code::kAlreadyExists: return "already exists: " + message_;
    case Code::kIoError: return "I/O error: " + message_;
    case Code::kCorruption: return "corruption: " + message_;
    case Code::kBusy: return "busy: " + message_;
    case Code::kUnavailable: return "unavailable: " + message_;
    case Code::kCancelled: return "cancelled: " + message_;
  }
  return message_;
}

}  // namespace palermo
