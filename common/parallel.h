// Splitting a loop over threads: the one way the CPU-bound passes (linkage
// blocking and comparisons) use both cores.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
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

// Sorts [first, last) by `less` on `threads`: each thread sorts a range,
// then the sorted ranges are merged (std::inplace_merge), pairs of them at
// once on the threads. The same order as std::sort for a strict weak
// order (equal elements may come in another order).
template <typename It, typename Less = std::less<>>
void ParallelSort(It first, It last, int threads, Less less = {}) {
  const size_t n = static_cast<size_t>(last - first);
  constexpr size_t kSmall = size_t{1} << 15;  // not worth a thread
  if (threads < 2 || n < kSmall) {
    std::sort(first, last, less);
    return;
  }
  const size_t parts = std::min<size_t>(static_cast<size_t>(threads), n / kSmall + 1);
  const size_t share = (n + parts - 1) / parts;
  ParallelRanges(parts, static_cast<int>(parts), [&](size_t begin, size_t end) {
    for (size_t p = begin; p < end; ++p) std::sort(first + p * share, first + std::min(n, (p + 1) * share), less);
  });
  for (size_t width = share; width < n; width *= 2) {
    const size_t merges = (n + 2 * width - 1) / (2 * width);
    ParallelRanges(merges, threads, [&](size_t begin, size_t end) {
      for (size_t m = begin; m < end; ++m) {
        const size_t low = m * 2 * width, middle = std::min(n, low + width), high = std::min(n, low + 2 * width);
        if (middle < high) std::inplace_merge(first + low, first + middle, first + high, less);
      }
    });
  }
}

}  // namespace palermo
