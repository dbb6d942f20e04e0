// FEBRL4 through CLKs (docs/LINKAGE.md, "Encoded linkage (CLKs)"): 4a and 4b
// as case files (bench/febrl.h), every person encoded with
// DefaultPersonSchema() without soc_sec_id (the identifiers are left out, as
// in clkhash/anonlink's published run), blocked with ClkBlockKeys and the
// default ClkBlockingOptions (never all pairs), scored by Dice, matched
// one-to-one greedily by descending Dice above kDefaultClkMatchThreshold.
// 4b's corrupted dates of birth (day 93...), which the case format cannot
// hold as a date and bench/febrl.cc keeps in the extra field
// `febrl_date_of_birth`, are encoded as written, as clkhash encodes FEBRL's
// column: left out, the birth date would be missing on one side only.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bench/febrl.h"
#include "format/case_format.h"
#include "linkage/clk.h"
#include "linkage/encode.h"
#include "tests/test_util.h"

namespace palermo::linkage {
namespace {

constexpr char kSecret[] = "febrl4 evaluation secret, not for real data";
constexpr double kThreshold = kDefaultClkMatchThreshold;

struct Side {
  std::vector<std::string> ids;
  std::vector<Clk> clks;
};

Side EncodeFile(const std::string& name) {
  Side side;
  std::string csv = palermo::testing::ReadFile(std::string(PALERMO_FEBRL_DATA) + "/" + name);
  std::string text, error;
  bench::FebrlStats stats;
  EXPECT_TRUE(bench::ConvertFebrlCsv(csv, "", &text, &stats, &error)) << error;
  std::vector<palermo::v1::Record> records;
  EXPECT_TRUE(format::ParseCaseText(text, "febrl", &records, &error)) << error;
  const ClkSchema schema = DefaultPersonSchema();
  for (const auto& r : records) {
    if (r.kind() != palermo::v1::KIND_PERSON) continue;  // soc_sec_id identifiers: left out
    auto values = PersonClkValues(schema, r.person(), {});
    EXPECT_TRUE(values.ok());
    auto raw = r.extra().find("febrl_date_of_birth");  // compact JSON: "19651093"
    if (raw != r.extra().end() && raw->second.size() >= 2 && raw->second.front() == '"') {
      for (size_t f = 0; f < schema.fields.size(); ++f) {
        if (schema.fields[f].identifier == "birth_date" && (*values)[f].empty()) {
          (*values)[f] = raw->second.substr(1, raw->second.size() - 2);
        }
      }
    }
    auto clk = EncodeClk(schema, *values, kSecret);
    EXPECT_TRUE(clk.ok()) << clk.status().ToString();
    side.ids.push_back(r.id());
    side.clks.push_back(std::move(*clk));
  }
  return side;
}

TEST(ClkFebrl4, LinksWithoutSocialSecurityNumbers) {
  auto start = std::chrono::steady_clock::now();
  Side a = EncodeFile("febrl_dataset4a.csv");
  Side b = EncodeFile("febrl_dataset4b.csv");
  ASSERT_EQ(a.clks.size(), 5000u);
  ASSERT_EQ(b.clks.size(), 5000u);
  double encode_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::set<std::pair<std::string, std::string>> truth;
  std::string error;
  ASSERT_TRUE(bench::ReadFebrlTrueLinks(
      palermo::testing::ReadFile(std::string(PALERMO_FEBRL_DATA) + "/febrl4_true_links.csv"), &truth, &error))
      << error;
  ASSERT_EQ(truth.size(), 5000u);

  // Blocking: pairs sharing a band key.
  const ClkBlockingOptions o;
  std::unordered_map<std::string, std::vector<uint32_t>> index;
  for (uint32_t i = 0; i < a.clks.size(); ++i) {
    for (auto& key : ClkBlockKeys(a.clks[i], o)) index[key].push_back(i);
  }
  std::vector<std::pair<uint32_t, uint32_t>> candidates;
  for (uint32_t j = 0; j < b.clks.size(); ++j) {
    for (auto& key : ClkBlockKeys(b.clks[j], o)) {
      auto it = index.find(key);
      if (it == index.end()) continue;
      for (uint32_t i : it->second) candidates.emplace_back(i, j);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  double block_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() - encode_s;
  int64_t true_candidates = 0;
  for (auto [i, j] : candidates) true_candidates += truth.count({a.ids[i], b.ids[j]});
  const double completeness = static_cast<double>(true_candidates) / truth.size();
  const double reduction = 1.0 - static_cast<double>(candidates.size()) / (5000.0 * 5000.0);

  // Scoring and greedy one-to-one assignment.
  std::vector<std::tuple<double, uint32_t, uint32_t>> scored;
  for (auto [i, j] : candidates) {
    double d = Dice(a.clks[i], b.clks[j]);
    if (d >= kThreshold) scored.emplace_back(d, i, j);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
    return std::get<0>(x) != std::get<0>(y) ? std::get<0>(x) > std::get<0>(y) : x < y;
  });
  std::vector<bool> used_a(a.clks.size()), used_b(b.clks.size());
  int64_t matched = 0, correct = 0;
  for (auto& [d, i, j] : scored) {
    if (used_a[i] || used_b[j]) continue;
    used_a[i] = used_b[j] = true;
    ++matched;
    correct += truth.count({a.ids[i], b.ids[j]});
  }
  const double precision = matched == 0 ? 0 : static_cast<double>(correct) / matched;
  const double recall = static_cast<double>(correct) / truth.size();
  const double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mean_popcount = 0;
  for (const auto& c : a.clks) mean_popcount += Popcount(c);
  mean_popcount /= a.clks.size();
  std::printf(
      "FEBRL4 CLKs (bands %d x %d bits, threshold %.2f): mean popcount %.0f; %zu candidates, pairs completeness "
      "%.4f, reduction ratio %.5f; matched %lld, correct %lld: precision %.4f recall %.4f F1 %.4f; encode %.2f s, "
      "blocking %.2f s, total %.2f s\n",
      o.bands, o.bits_per_band, kThreshold, mean_popcount, candidates.size(), completeness, reduction,
      static_cast<long long>(matched), static_cast<long long>(correct), precision, recall, f1, encode_s, block_s, total_s);
  // Measured (docs/LINKAGE.md): mean popcount 524; 127,439 candidates
  // (reduction ratio 0.9949), completeness 0.9982; P 1.0000, R 0.9982, F1
  // 0.9991 (clkhash/anonlink published P 1.000 / R 0.993 comparing all
  // pairs). The goal, asserted: F1 >= 0.995 with completeness >= 0.99 and a
  // reduction ratio >= 0.99 (at most 250,000 of the 25 M pairs).
  EXPECT_GE(completeness, 0.99);
  EXPECT_GE(reduction, 0.99);
  EXPECT_GE(precision, 0.995);
  EXPECT_GE(f1, 0.995);
}

}  // namespace
}  // namespace palermo::linkage
