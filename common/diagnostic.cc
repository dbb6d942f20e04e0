#include "common/diagnostic.h"

#include <algorithm>

namespace palermo {

std::string Diagnostic::ToString() const {
  std::string out;
  if (line > 0) out += "line " + std::to_string(line) + ": ";
  if (!field.empty()) out += "field `" + field + "`: ";
  out += reason;
  return out;
}

std::vector<Diagnostic> DiagnosticList::Sorted() const {
  std::vector<Diagnostic> sorted = kept_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return sorted;
}

}  // namespace palermo
