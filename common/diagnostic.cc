#include "common/diagnostic.h"

#include <algorithm>

#include "common/text.h"

namespace palermo {

std::string Diagnostic::ToString() const {
  std::string out;
  if (!file.empty()) {
    // The rule files' form, as compilers print it: FILE:LINE:COLUMN.
    out += EscapeForMessage(file);
    if (line > 0) {
      out += ":" + std::to_string(line);
      if (column > 0) out += ":" + std::to_string(column);
    }
    out += ": ";
  } else if (line > 0) {
    out += "line " + std::to_string(line);
    if (column > 0) out += ", column " + std::to_string(column);
    out += ": ";
  }
  if (!field.empty()) out += "field `" + field + "`: ";
  out += reason;
  return out;
}

std::string JoinDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    if (i > 0) out += "\n";
    out += diagnostics[i].ToString();
  }
  return out;
}

std::vector<Diagnostic> DiagnosticList::Sorted() const {
  std::vector<Diagnostic> sorted = kept_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return sorted;
}

}  // namespace palermo
