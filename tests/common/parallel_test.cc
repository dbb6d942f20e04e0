// common/parallel.h: ranges cover every index once, in order; ParallelSort
// sorts as std::sort does, for any size around its thresholds and any
// number of threads.
#include "common/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <vector>

namespace palermo {
namespace {

TEST(ParallelRanges, CoverEveryIndexOnceInOrderedRanges) {
  for (size_t n : {0, 1, 5, 1000}) {
    for (int threads : {0, 1, 2, 3, 8}) {
      std::vector<std::atomic<int>> seen(n);
      ParallelRanges(n, threads, [&](size_t begin, size_t end) {
        ASSERT_LE(begin, end);
        for (size_t i = begin; i < end; ++i) ++seen[i];
      });
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i], 1) << "n " << n << " threads " << threads << " index " << i;
    }
  }
}

TEST(ParallelSort, SortsAsStdSortDoesAtEverySizeAndThreadCount) {
  std::mt19937_64 random(3);
  for (size_t n : {size_t{0}, size_t{1}, size_t{100}, (size_t{1} << 15) - 1, size_t{1} << 15, size_t{200001}}) {
    for (int threads : {1, 2, 3, 5}) {
      std::vector<uint64_t> values(n);
      for (uint64_t& v : values) v = random() % (n / 2 + 1);  // with repeats
      std::vector<uint64_t> expected = values;
      std::sort(expected.begin(), expected.end());
      ParallelSort(values.begin(), values.end(), threads);
      ASSERT_EQ(values, expected) << "n " << n << " threads " << threads;
      ParallelSort(values.begin(), values.end(), threads, std::greater<>());
      std::reverse(expected.begin(), expected.end());
      ASSERT_EQ(values, expected) << "descending, n " << n << " threads " << threads;
    }
  }
}

}  // namespace
}  // namespace palermo
