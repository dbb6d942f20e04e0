// Splitting a loop over threads: the one way the CPU-bound passes (linkage
// blocking and comparisons) use both cores.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace palermo {

// Calls fn(begin, end) for contiguous ranges covering [0, n), one range per
// thread (at most `threads`, at least one), and returns when all are done.
// The ranges are in order: range t comes before range t + 1. `fn` must be
// safe to run concurrently on disjoint ranges.
template <typename Fn>
void ParallelRanges(size_t n, int threads, Fn&& fn) {
  const size_t count = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), n));
  const size_t share = (n + count - 1) / count;
  std::vector<std::thread> workers;
  for (size_t t = 1; t < count; ++t) {
    const size_t begin = t * share, end = std::min(n, begin + share);
    if (begin < end) workers.emplace_back([&fn, begin, end] { fn(begin, end); });
  }
  fn(0, std::min(n, share));
  for (std::thread& worker : workers) worker.join();
}

}  // namespace palermo
