#include "linkage/similarity.h"

#include <algorithm>
#include <memory>

namespace palermo::linkage {

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t window = std::max<size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  // Names are short: their flags live on the stack (no allocation per pair).
  constexpr size_t kOnStack = 128;
  bool a_stack[kOnStack] = {}, b_stack[kOnStack] = {};
  std::unique_ptr<bool[]> a_heap, b_heap;
  bool* a_matched = a_stack;
  bool* b_matched = b_stack;
  if (a.size() > kOnStack || b.size() > kOnStack) {
    a_heap = std::make_unique<bool[]>(a.size());
    b_heap = std::make_unique<bool[]>(b.size());
    a_matched = a_heap.get();
    b_matched = b_heap.get();
  }
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = b_matched[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  return (m / a.size() + m / b.size() + (m - transpositions / 2.0) / m) / 3.0;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = Jaro(a, b);
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

double JaroWinklerBound(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return JaroWinkler(a, b);
  unsigned char count[256] = {};
  for (char c : a) ++count[static_cast<unsigned char>(c)];  // names are far shorter than 256 of one byte
  size_t common = 0;
  for (char c : b) {
    unsigned char& n = count[static_cast<unsigned char>(c)];
    if (n > 0) {
      --n;
      ++common;
    }
  }
  if (common == 0) return 0.0;
  const double m = static_cast<double>(common);
  const double jaro = (m / a.size() + m / b.size() + 1.0) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace palermo::linkage
