// A problem with a place in outside text: what every parser of it (case
// files through format/, rule files through reasoner/) reports, carried in
// an InvalidArgument Status (common/status.h) and turned into the gRPC error
// model in services/ only (services/grpc_status.h, services/graph_service.cc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace palermo {

// What is set depends on the text: a rule file gives file, line and column;
// a case file's line gives line and, for a value at fault, field. `file`
// and `column` come last so that `{line, field, reason}` still builds one.
struct Diagnostic {
  int64_t line = 0;   // 1-based; 0 when not about one line
  std::string field;  // the field at fault, or empty
  std::string reason;  // what is wrong; shown as is (quote outside text escaped)
  std::string file = {};  // the file, as named by whoever gave it; empty for an import's lines
  int column = 0;         // 1-based, in characters (UTF-8 sequences); 0 when not known

  // With a file: "FILE:LINE:COLUMN: reason" (the file escaped, common/text.h);
  // without: "line 12: field `birth_date`: reason". Each part only when set;
  // a field, when set, follows the position in both forms.
  std::string ToString() const;
};

// The ToString() of each of `diagnostics`, one per line (no final newline).
std::string JoinDiagnostics(const std::vector<Diagnostic>& diagnostics);

// Diagnostics of one import: keeps the first `keep` in arrival order and
// counts them all, so that a file of a million bad lines cannot exhaust memory.
class DiagnosticList {
 public:
  explicit DiagnosticList(size_t keep = 1000) : keep_(keep) {}
  void Add(Diagnostic diagnostic) {
    ++total_;
    if (kept_.size() < keep_) kept_.push_back(std::move(diagnostic));
  }
  bool empty() const { return total_ == 0; }
  int64_t total() const { return total_; }
  // The first ones, sorted by line.
  std::vector<Diagnostic> Sorted() const;

 private:
  size_t keep_;
  int64_t total_ = 0;
  std::vector<Diagnostic> kept_;
};

}  // namespace palermo
