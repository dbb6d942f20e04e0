// Status and Result: how every layer below services/ reports failure.
// Modelled on leveldb::Status. services/ translates them to grpc::Status,
// once (services/grpc_status.h).
//
// Bad outside text (a rule file, a case file) is an InvalidArgument that
// may carry Diagnostics (common/diagnostic.h): each problem with its place
// (file, line, column, field) and reason, in the order found, for callers
// that show or transmit them one by one. Its message is then a summary or,
// from InvalidArgument(diagnostics), the diagnostics one per line. The
// rule parser and checker (reasoner/parser.h, program.h, Reasoner::Load)
// return them so. The case format collects its Diagnostics in a bounded
// DiagnosticList instead (a file may have millions): the importer's
// InvalidArgument comes with them beside it (services/importer.h errors()).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnostic.h"

namespace palermo {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kAlreadyExists, kIoError, kCorruption, kBusy, kUnavailable, kCancelled };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  // With the problems behind it, each with its place.
  static Status InvalidArgument(std::string msg, std::vector<Diagnostic> diagnostics) {
    Status status(Code::kInvalidArgument, std::move(msg));
    if (!diagnostics.empty()) {
      status.diagnostics_ = std::make_shared<const std::vector<Diagnostic>>(std::move(diagnostics));
    }
    return status;
  }
  // The same, with the diagnostics one per line as the message.
  static Status InvalidArgument(std::vector<Diagnostic> diagnostics) {
    std::string msg = JoinDiagnostics(diagnostics);
    return InvalidArgument(std::move(msg), std::move(diagnostics));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
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
  // The positioned problems an InvalidArgument was made with, in the order
  // given; empty for every other status.
  const std::vector<Diagnostic>& diagnostics() const {
    static const std::vector<Diagnostic> kNone;
    return diagnostics_ ? *diagnostics_ : kNone;
  }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
  // Shared and immutable: copying a Status copies a pointer, and an OK
  // status or one without diagnostics holds none.
  std::shared_ptr<const std::vector<Diagnostic>> diagnostics_;
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
