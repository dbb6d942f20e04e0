#include "linkage/blocking.h"

#include <boost/sort/spreadsort/integer_sort.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <queue>
#include <span>
#include <utility>

#include "common/parallel.h"
#include "linkage/block_keys.h"
#include "linkage/profile.h"

namespace palermo::linkage {
namespace {

using v1::Record;
using block_keys::BirthYears;
using block_keys::BirthYearsOf;
using block_keys::PersonValues;
using block_keys::ValuesOf;
using block_keys::YearsAllow;

Status CheckOptions(const BlockingOptions& options) {
  if (options.rules.size() > 64) return Status::InvalidArgument("more than 64 blocking rules");
  if (options.max_block_side < 1) return Status::InvalidArgument("max_block_side must be at least 1");
  for (const BlockingRule& rule : options.rules) {
    if (rule.parts.empty()) return Status::InvalidArgument("blocking rule `" + rule.name + "` has no parts");
  }
  return Status::Ok();
}

// One key of one person: the key's hash, the set (0: the first or only
// one, 1: the second) and the person's index in it. Sorted by all three, a
// rule's entries are its blocks one after another, each block's first set
// before its second, persons ascending.
struct KeyEntry {
  uint64_t hash;
  int32_t side;
  int32_t person;
  bool operator<(const KeyEntry& o) const {
    return hash != o.hash ? hash < o.hash : side != o.side ? side < o.side : person < o.person;
  }
};

uint64_t PairKey(int32_t a, int32_t b) { return uint64_t{static_cast<uint32_t>(a)} << 32 | static_cast<uint32_t>(b); }

// What one rule makes: its keys' entries (sorted) and its pairs (sorted, each once).
struct RuleOutput {
  std::vector<KeyEntry> entries;
  std::vector<uint64_t> pairs;
  bool over_limit = false;  // stopped at options.max_proposed_pairs
};

// Every rule's entries (unsorted), person by person: each person's values
// are read once for all the rules. (Rule by rule, every person's keys were
// read from memory once per rule: 15 passes over about 2 GiB at 10^6.) The
// persons are cut into one range per thread: entries[range][rule].
using RangeEntries = std::vector<std::vector<std::vector<KeyEntry>>>;
RangeEntries RuleEntries(const std::vector<Profile>& profiles_a, const std::vector<Profile>* profiles_b,
                         const BlockingOptions& options) {
  const size_t rule_count = options.rules.size();
  const size_t total = profiles_a.size() + (profiles_b ? profiles_b->size() : 0);
  const int parts = std::max(1, options.threads);
  RangeEntries made(parts, std::vector<std::vector<KeyEntry>>(rule_count));
  const size_t share = (total + parts - 1) / parts;
  ParallelRanges(static_cast<size_t>(parts), parts, [&](size_t first_part, size_t end_part) {
    std::vector<uint64_t> hashes;  // of one person's keys of one rule
    PersonValues values;           // of one person, its room reused
    for (size_t part = first_part; part < end_part; ++part) {
      std::vector<std::vector<KeyEntry>>& mine = made[part];
      for (size_t n = part * share; n < std::min(total, (part + 1) * share); ++n) {
        const int side = n < profiles_a.size() ? 0 : 1;
        const size_t i = side == 0 ? n : n - profiles_a.size();
        ValuesOf(side == 0 ? profiles_a[i] : (*profiles_b)[i], options, &values);
        for (size_t r = 0; r < rule_count; ++r) {
          hashes.clear();
          ForEachRuleKey(options.rules[r], values,
                         [&](std::string_view key) { hashes.push_back(BlockHash(static_cast<int>(r), key)); });
          std::sort(hashes.begin(), hashes.end());
          hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
          for (uint64_t hash : hashes) mine[r].push_back({hash, side, static_cast<int32_t>(i)});
        }
      }
    }
  });
  return made;
}

// The persons' birth years by side (KeyEntry::side) and person: what a
// rule's condition on the pair (max_birth_years_apart) reads.
using SideYears = std::array<std::vector<BirthYears>, 2>;

// The pairs of rule `r` from its entries (RuleEntries: the ranges' entries
// of `r` are taken and freed, one rule at a time per thread). `proposed`
// counts the pairs of every rule held so far (max_proposed_pairs).
RuleOutput RulePairs(size_t r, RangeEntries* ranges, const SideYears& years, bool within,
                     const BlockingOptions& options, RuleStats* rs, std::atomic<int64_t>* proposed) {
  const BlockingRule& rule = options.rules[r];
  RuleOutput out;
  size_t size = 0;
  for (const auto& range : *ranges) size += range[r].size();
  out.entries.reserve(size);
  for (auto& range : *ranges) {
    out.entries.insert(out.entries.end(), range[r].begin(), range[r].end());
    std::vector<KeyEntry>().swap(range[r]);
  }
  std::sort(out.entries.begin(), out.entries.end());
  const int64_t limit = MaxBlockSide(rule, options);
  // Each block: [begin, middle) of the first set, [middle, end) of the second.
  auto block_at = [&](size_t begin, size_t* middle, size_t* end) {
    *end = begin;
    while (*end < out.entries.size() && out.entries[*end].hash == out.entries[begin].hash) ++*end;
    for (*middle = begin; *middle < *end && out.entries[*middle].side == 0;) ++*middle;
  };
  auto pairs_of = [&](size_t begin, size_t middle, size_t end) {
    const int64_t na = static_cast<int64_t>(middle - begin), nb = static_cast<int64_t>(end - middle);
    return na > limit || nb > limit ? int64_t{-1} : within ? na * (na - 1) / 2 : na * nb;
  };
  {
    // The pairs' room at once, counted first: grown by doubling, the pairs
    // (hundreds of megabytes at 10^6 persons) were copied and their fresh
    // pages faulted in about twice.
    int64_t room = 0;
    for (size_t begin = 0, middle, end; begin < out.entries.size(); begin = end) {
      block_at(begin, &middle, &end);
      room += std::max<int64_t>(0, pairs_of(begin, middle, end));
    }
    if (options.max_proposed_pairs <= 0 || room <= options.max_proposed_pairs) {
      out.pairs.reserve(static_cast<size_t>(room));
    }
  }
  for (size_t begin = 0; begin < out.entries.size();) {
    size_t end, middle;
    block_at(begin, &middle, &end);
    const int64_t na = static_cast<int64_t>(middle - begin);
    if (na > 0) ++rs->keys;  // between: a key only the second set has makes no block
    const int64_t block_pairs = pairs_of(begin, middle, end);
    if (block_pairs < 0) {
      const int64_t nb = static_cast<int64_t>(end - middle);
      ++rs->skipped_blocks;
      rs->skipped_pairs += within ? na * (na - 1) / 2 : na * nb;
      begin = end;
      continue;
    }
    const size_t before = out.pairs.size();
    const bool conditional = ConditionHolds(rule, std::max<int64_t>(na, static_cast<int64_t>(end - middle)));
    auto propose = [&](const KeyEntry& x, const KeyEntry& y) {
      if (conditional && !YearsAllow(rule, years[x.side][x.person], years[y.side][y.person])) return;
      out.pairs.push_back(PairKey(x.person, y.person));
    };
    if (within) {
      for (size_t x = begin; x < end; ++x) {
        for (size_t y = x + 1; y < end; ++y) {
          // Two keys of one person can only meet by a hash collision.
          if (out.entries[x].person != out.entries[y].person) propose(out.entries[x], out.entries[y]);
        }
      }
    } else {
      for (size_t x = begin; x < middle; ++x) {
        for (size_t y = middle; y < end; ++y) propose(out.entries[x], out.entries[y]);
      }
    }
    const int64_t added = static_cast<int64_t>(out.pairs.size() - before);
    if (options.max_proposed_pairs > 0 && proposed->fetch_add(added) + added > options.max_proposed_pairs) {
      out.over_limit = true;
      return out;
    }
    begin = end;
  }
  boost::sort::spreadsort::integer_sort(out.pairs.begin(), out.pairs.end());  // radix-like: pairs are integers
  const size_t made = out.pairs.size();
  out.pairs.erase(std::unique(out.pairs.begin(), out.pairs.end()), out.pairs.end());
  *proposed -= static_cast<int64_t>(made - out.pairs.size());  // a pair counts once per rule
  return out;
}

// Calls emit(key_of(element), run) for every element of the sorted `runs`
// in ascending order of their keys (equal keys in run order): a k-way
// merge on a heap, for the rules' sorted outputs.
template <typename T, typename KeyOf, typename Emit>
void MergeRuns(const std::vector<std::span<const T>>& runs, KeyOf key_of, Emit emit) {
  using Head = std::pair<decltype(key_of(std::declval<const T&>())), size_t>;  // key, run
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heap;
  std::vector<size_t> at(runs.size(), 0);
  for (size_t r = 0; r < runs.size(); ++r) {
    if (!runs[r].empty()) heap.push({key_of(runs[r][0]), r});
  }
  while (!heap.empty()) {
    const auto [key, r] = heap.top();
    heap.pop();
    emit(key, r);
    if (++at[r] < runs[r].size()) heap.push({key_of(runs[r][at[r]]), r});
  }
}

// The union of the rules' sorted pairs with the bits of the rules that
// proposed each, for the pair keys in [low, high).
std::vector<CandidatePair> MergePairs(const std::vector<RuleOutput>& rules, uint64_t low, uint64_t high,
                                      std::vector<RuleStats>* stats) {
  std::vector<std::span<const uint64_t>> runs;  // rule by rule, the pairs in [low, high)
  // Room for every rule's pairs in the range, the most there can be: pages
  // that are not written are never faulted in, and the vector is not
  // copied as it grows.
  size_t most = 0;
  for (const RuleOutput& rule : rules) {
    const auto begin = std::lower_bound(rule.pairs.begin(), rule.pairs.end(), low);
    const auto end = std::lower_bound(begin, rule.pairs.end(), high);
    runs.emplace_back(begin, end);
    most += runs.back().size();
  }
  std::vector<CandidatePair> out;
  out.reserve(most);
  auto count = [&](const CandidatePair& pair) {
    for (size_t r = 0; r < rules.size(); ++r) {
      if (pair.rules & (uint64_t{1} << r)) {
        ++(*stats)[r].pairs;
        if (pair.rules == (uint64_t{1} << r)) ++(*stats)[r].only_pairs;
      }
    }
  };
  uint64_t current = 0;
  MergeRuns(runs, [](uint64_t key) { return key; }, [&](uint64_t key, size_t r) {
    if (out.empty() || key != current) {
      if (!out.empty()) count(out.back());
      out.push_back({static_cast<int32_t>(key >> 32), static_cast<int32_t>(key & 0xffffffffu), 0});
      current = key;
    }
    out.back().rules |= uint64_t{1} << r;
  });
  if (!out.empty()) count(out.back());
  return out;
}

// The index of one set (BlockingResult::index): the rules' entries, each
// rule's sorted by (hash, person) already (one set: side 0), merged in
// that order; the hash range is cut in `threads` parts merged at once, each
// into its place. The entries are freed.
std::vector<IndexEntry> MergeIndex(std::vector<RuleOutput>* outputs, int threads) {
  const size_t parts = static_cast<size_t>(std::max(1, threads));
  auto entry_less = [](const KeyEntry& e, uint64_t hash) { return e.hash < hash; };
  // at[p][r]: where part p begins in rule r's entries; part p holds the
  // hashes from bounds[p] on.
  std::vector<uint64_t> bounds(parts + 1, 0);
  for (size_t p = 1; p < parts; ++p) bounds[p] = UINT64_MAX / parts * p;
  std::vector<std::vector<size_t>> at(parts + 1, std::vector<size_t>(outputs->size()));
  std::vector<size_t> offset(parts + 1, 0);
  for (size_t p = 0; p <= parts; ++p) {
    for (size_t r = 0; r < outputs->size(); ++r) {
      const std::vector<KeyEntry>& entries = (*outputs)[r].entries;
      at[p][r] = p == 0 ? 0
                 : p == parts
                     ? entries.size()
                     : std::lower_bound(entries.begin(), entries.end(), bounds[p], entry_less) - entries.begin();
      offset[p] += at[p][r];
    }
  }
  std::vector<IndexEntry> index(offset[parts]);
  ParallelRanges(parts, static_cast<int>(parts), [&](size_t first_part, size_t end_part) {
    for (size_t p = first_part; p < end_part; ++p) {
      std::vector<std::span<const KeyEntry>> runs;
      for (size_t r = 0; r < outputs->size(); ++r) {
        runs.push_back(std::span<const KeyEntry>((*outputs)[r].entries).subspan(at[p][r], at[p + 1][r] - at[p][r]));
      }
      size_t write = offset[p];
      MergeRuns(runs, [](const KeyEntry& e) { return IndexEntry{e.hash, e.person}; },
                [&](const IndexEntry& entry, size_t) { index[write++] = entry; });
    }
  });
  for (RuleOutput& output : *outputs) std::vector<KeyEntry>().swap(output.entries);
  // Equal entries of two rules only by a collision of their hashes.
  index.erase(std::unique(index.begin(), index.end()), index.end());
  return index;
}

// The shared work: `profiles_b` null means within one set.
Result<BlockingResult> Pairs(const std::vector<Profile>& profiles_a, const std::vector<Profile>* profiles_b,
                             const BlockingOptions& options, BlockingStats stats) {
  const bool within = profiles_b == nullptr;
  const size_t rule_count = options.rules.size();
  std::vector<RuleOutput> outputs(rule_count);
  RangeEntries entries = RuleEntries(profiles_a, profiles_b, options);
  SideYears years;
  for (int side = 0; side < (within ? 1 : 2); ++side) {
    const std::vector<Profile>& profiles = side == 0 ? profiles_a : *profiles_b;
    years[side].reserve(profiles.size());
    for (const Profile& p : profiles) years[side].push_back(BirthYearsOf(p));
  }
  // Rules are taken one at a time by each thread: their sizes differ.
  std::atomic<size_t> next_rule{0};
  std::atomic<int64_t> proposed{0};
  ParallelRanges(static_cast<size_t>(options.threads), options.threads, [&](size_t, size_t) {
    for (size_t r = next_rule++; r < rule_count; r = next_rule++) {
      outputs[r] = RulePairs(r, &entries, years, within, options, &stats.rules[r], &proposed);
      if (outputs[r].over_limit) next_rule = rule_count;  // the other thread stops after its rule
    }
  });
  for (size_t r = 0; r < rule_count; ++r) {
    if (!outputs[r].over_limit) continue;
    return Status::Unavailable("blocking proposed more than " + std::to_string(options.max_proposed_pairs) +
                               " candidate pairs (the limit was crossed in rule `" + options.rules[r].name + "`, " +
                               std::to_string(profiles_a.size() + (within ? 0 : profiles_b->size())) +
                               " persons): more than the memory budget allows; give palermod more --memory, "
                               "or tighten the blocking rules (docs/LINKAGE.md, \"Memory\")");
  }
  BlockingResult result;
  if (within) result.index = MergeIndex(&outputs, options.threads);
  // Split the pair keys where the largest rule's pairs split evenly, and merge each part on its own thread.
  size_t largest = 0;
  for (size_t r = 0; r < rule_count; ++r) {
    if (outputs[r].pairs.size() > outputs[largest].pairs.size()) largest = r;
  }
  const int parts = rule_count == 0 ? 1 : std::max(1, options.threads);
  std::vector<uint64_t> bounds = {0};
  for (int p = 1; p < parts; ++p) {
    const std::vector<uint64_t>& pairs = outputs[largest].pairs;
    bounds.push_back(pairs.empty() ? 0 : pairs[pairs.size() * p / parts]);
  }
  bounds.push_back(UINT64_MAX);
  std::vector<std::vector<CandidatePair>> merged(parts);
  std::vector<std::vector<RuleStats>> part_stats(parts, std::vector<RuleStats>(rule_count));
  ParallelRanges(static_cast<size_t>(parts), parts, [&](size_t begin, size_t end) {
    for (size_t p = begin; p < end; ++p) merged[p] = MergePairs(outputs, bounds[p], bounds[p + 1], &part_stats[p]);
  });
  outputs.clear();
  size_t total = 0;
  for (const auto& part : merged) total += part.size();
  result.pairs.reserve(total);
  for (int p = 0; p < parts; ++p) {
    result.pairs.insert(result.pairs.end(), merged[p].begin(), merged[p].end());
    std::vector<CandidatePair>().swap(merged[p]);
    for (size_t r = 0; r < rule_count; ++r) {
      stats.rules[r].pairs += part_stats[p][r].pairs;
      stats.rules[r].only_pairs += part_stats[p][r].only_pairs;
    }
  }
  result.stats = std::move(stats);
  return result;
}

BlockingStats EmptyStats(const BlockingOptions& options) {
  BlockingStats stats;
  for (const BlockingRule& rule : options.rules) stats.rules.push_back({.name = rule.name});
  return stats;
}

}  // namespace

int RuleIndex(const BlockingOptions& options, std::string_view name) {
  for (size_t r = 0; r < options.rules.size(); ++r) {
    if (options.rules[r].name == name) return static_cast<int>(r);
  }
  return -1;
}

int64_t MaxBlockSide(const BlockingRule& rule, const BlockingOptions& options) {
  return rule.max_block_side > 0 ? std::min(rule.max_block_side, options.max_block_side) : options.max_block_side;
}

Result<BlockingResult> BlockBetween(const std::vector<Record>& a, const std::vector<Record>& b,
                                    const BlockingOptions& options) {
  ProfileReader reader;
  std::vector<Profile> profiles_a, profiles_b;
  std::vector<int32_t> index_a, index_b;
  if (Status status = ReadProfiles(a, &reader, &profiles_a, &index_a); !status.ok()) return status;
  if (Status status = ReadProfiles(b, &reader, &profiles_b, &index_b); !status.ok()) return status;
  Result<BlockingResult> result = BlockProfilesBetween(profiles_a, profiles_b, options);
  if (!result.ok()) return result;
  for (CandidatePair& pair : result->pairs) {
    pair.a = index_a[pair.a];
    pair.b = index_b[pair.b];
  }
  result->stats.unreadable_names = reader.unreadable_names();
  result->stats.unreadable_identifiers = reader.unreadable_identifiers();
  return result;
}

Result<BlockingResult> BlockWithin(const std::vector<Record>& records, const BlockingOptions& options) {
  ProfileReader reader;
  std::vector<Profile> profiles;
  std::vector<int32_t> index;
  if (Status status = ReadProfiles(records, &reader, &profiles, &index); !status.ok()) return status;
  Result<BlockingResult> result = BlockProfilesWithin(profiles, options);
  if (!result.ok()) return result;
  for (CandidatePair& pair : result->pairs) {
    pair.a = index[pair.a];
    pair.b = index[pair.b];
  }
  result->stats.unreadable_names = reader.unreadable_names();
  result->stats.unreadable_identifiers = reader.unreadable_identifiers();
  return result;
}

Result<BlockingResult> BlockProfilesBetween(const std::vector<Profile>& a, const std::vector<Profile>& b,
                                            const BlockingOptions& options) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  BlockingStats stats = EmptyStats(options);
  stats.persons_a = static_cast<int64_t>(a.size());
  stats.persons_b = static_cast<int64_t>(b.size());
  return Pairs(a, &b, options, std::move(stats));
}

Result<BlockingResult> BlockProfilesWithin(const std::vector<Profile>& profiles, const BlockingOptions& options) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  BlockingStats stats = EmptyStats(options);
  stats.persons_a = static_cast<int64_t>(profiles.size());
  return Pairs(profiles, nullptr, options, std::move(stats));
}

}  // namespace palermo::linkage
