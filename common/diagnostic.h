// A problem with a line of input, positioned: what every parser of outside
// text (case files, and through Reasoner::Load's messages rule files)
// reports, and what services/ turns into the gRPC error model once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace palermo {

struct Diagnostic {
  int64_t line = 0;   // 1-based; 0 when not about one line
  std::string field;  // the field at fault, or empty
  std::string reason;

  std::string ToString() const;  // "line 12: field `birth_date`: ..."
};

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
