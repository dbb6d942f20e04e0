#include "linkage/blocking.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <utility>

#include "linkage/fields.h"
#include "linkage/profile.h"
#include "model/dates.h"
#include "model/vocabulary.h"

namespace palermo::linkage {
namespace {

using v1::Record;

// The most keys one rule makes for one person (the product of its parts'
// values); more are dropped, so that a person with many names cannot make a
// rule quadratic in its own keys.
constexpr size_t kMaxKeysPerRule = 64;

int64_t YearOf(int64_t unix_s) {
  int64_t y;
  unsigned m, d;
  model::CivilFromDays(model::DayOf(unix_s), &y, &m, &d);
  return y;
}

using model::DayOf;

// The values of every field a person's keys are made of.
struct PersonValues {
  std::vector<std::string> identifiers;
  std::vector<NameKey> names, given, family;
  std::vector<std::string> years;
  std::vector<std::string> day;
  std::vector<std::string> postcode;
  std::vector<std::string> clk;
  std::vector<std::string> initials;
};

std::vector<NameKey> KeysOfNames(const std::vector<NameValue>& names) {
  std::vector<NameKey> out;
  for (const NameValue& name : names) out.insert(out.end(), name.keys.keys.begin(), name.keys.keys.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

PersonValues ValuesOf(const Profile& p, const BlockingOptions& options) {
  PersonValues v;
  if (!p.clk.empty()) v.clk = ClkBlockKeys(p.clk, options.clk);
  for (const IdentifierValue& id : p.identifiers) v.identifiers.push_back(id.Key());
  v.names = KeysOfNames(p.names);
  v.given = KeysOfNames(p.given);
  v.family = KeysOfNames(p.family);
  if (p.birth) {
    const int64_t first = YearOf(p.birth->first_s), last = YearOf(p.birth->last_s);
    if (last - first < kMaxBirthYears) {
      for (int64_t y = first; y <= last; ++y) v.years.push_back(std::to_string(y));
    }
    if (DayOf(p.birth->first_s) == DayOf(p.birth->last_s)) v.day.push_back(std::to_string(DayOf(p.birth->first_s)));
  }
  if (!p.postcode.empty()) v.postcode.push_back(p.postcode);
  for (const auto* names : {&p.names, &p.given, &p.family}) {
    for (const NameValue& name : *names) {
      for (const NameKey& key : name.keys.keys) {
        if (key.kind != KeyKind::kFull) continue;
        for (size_t i = 0; i < key.value.size(); ++i) {
          if (i == 0 || key.value[i - 1] == ' ') v.initials.push_back(std::string(1, key.value[i]));
        }
      }
    }
  }
  std::sort(v.initials.begin(), v.initials.end());
  v.initials.erase(std::unique(v.initials.begin(), v.initials.end()), v.initials.end());
  return v;
}

// The values of one part for one person, as strings.
std::vector<std::string> PartValues(const BlockingPart& part, const PersonValues& v) {
  auto names = [&](const std::vector<NameKey>& keys) {
    std::vector<std::string> out;
    for (const NameKey& k : keys) {
      if (k.kind == part.name_kind) out.push_back(k.value);
    }
    return out;
  };
  switch (part.field) {
    case BlockingField::kIdentifier: return v.identifiers;
    case BlockingField::kName: return names(v.names);
    case BlockingField::kGivenName: return names(v.given);
    case BlockingField::kFamilyName: return names(v.family);
    case BlockingField::kNamePart: {
      std::vector<std::string> parts = names(v.given), family = names(v.family);
      parts.insert(parts.end(), family.begin(), family.end());
      return parts;
    }
    case BlockingField::kBirthYear: return v.years;
    case BlockingField::kBirthDay: return v.day;
    case BlockingField::kPostcode: return v.postcode;
    case BlockingField::kClk: return v.clk;
    case BlockingField::kInitial: return v.initials;
    case BlockingField::kPostcodePrefix: {
      std::vector<std::string> out;
      for (const std::string& postcode : v.postcode) out.push_back(postcode.substr(0, 2));
      return out;
    }
  }
  return {};
}

// The keys of `rule` for one person, sorted, without duplicates.
std::vector<std::string> RuleKeys(const BlockingRule& rule, const PersonValues& v) {
  if (rule.parts.size() == 1 && rule.parts[0].field == BlockingField::kClk) return v.clk;  // distinct bands
  std::vector<std::string> keys = {""};
  for (size_t i = 0; i < rule.parts.size(); ++i) {
    std::vector<std::string> values = PartValues(rule.parts[i], v);
    std::vector<std::string> next;
    for (const std::string& prefix : keys) {
      for (const std::string& value : values) {
        if (next.size() == kMaxKeysPerRule) break;
        next.push_back(i == 0 ? value : prefix + '\x1f' + value);
      }
    }
    keys = std::move(next);
    if (keys.empty()) break;
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

struct Block {
  std::vector<int32_t> a, b;  // positions in the persons lists
};

Status CheckOptions(const BlockingOptions& options) {
  if (options.rules.size() > 64) return Status::InvalidArgument("more than 64 blocking rules");
  if (options.max_block_side < 1) return Status::InvalidArgument("max_block_side must be at least 1");
  for (const BlockingRule& rule : options.rules) {
    if (rule.parts.empty()) return Status::InvalidArgument("blocking rule `" + rule.name + "` has no parts");
  }
  return Status::Ok();
}

// The shared work: `values_b` null means within one set.
BlockingResult Pairs(const std::vector<PersonValues>& values_a, const std::vector<PersonValues>* values_b,
                     const BlockingOptions& options, BlockingStats stats) {
  const bool within = values_b == nullptr;
  std::unordered_map<uint64_t, uint64_t> pairs;  // (a << 32 | b) -> rules
  for (size_t r = 0; r < options.rules.size(); ++r) {
    const BlockingRule& rule = options.rules[r];
    RuleStats& rs = stats.rules[r];
    std::unordered_map<std::string, Block> blocks;
    for (size_t i = 0; i < values_a.size(); ++i) {
      for (std::string& key : RuleKeys(rule, values_a[i])) blocks[std::move(key)].a.push_back(static_cast<int32_t>(i));
    }
    if (!within) {
      for (size_t i = 0; i < values_b->size(); ++i) {
        for (std::string& key : RuleKeys(rule, (*values_b)[i])) {
          auto it = blocks.find(key);  // a key only B has makes no pair
          if (it != blocks.end()) it->second.b.push_back(static_cast<int32_t>(i));
        }
      }
    }
    rs.keys = static_cast<int64_t>(blocks.size());
    const uint64_t bit = uint64_t{1} << r;
    for (const auto& [key, block] : blocks) {
      const int64_t na = static_cast<int64_t>(block.a.size()), nb = static_cast<int64_t>(block.b.size());
      const int64_t limit = MaxBlockSide(rule, options);
      if (na > limit || nb > limit) {
        ++rs.skipped_blocks;
        rs.skipped_pairs += within ? na * (na - 1) / 2 : na * nb;
        continue;
      }
      if (within) {
        for (size_t x = 0; x < block.a.size(); ++x) {
          for (size_t y = x + 1; y < block.a.size(); ++y) {
            const uint64_t lo = static_cast<uint32_t>(block.a[x]);
            const uint64_t hi = static_cast<uint32_t>(block.a[y]);
            pairs[std::min(lo, hi) << 32 | std::max(lo, hi)] |= bit;
          }
        }
      } else {
        for (int32_t x : block.a) {
          for (int32_t y : block.b) {
            pairs[uint64_t{static_cast<uint32_t>(x)} << 32 | static_cast<uint32_t>(y)] |= bit;
          }
        }
      }
    }
  }
  BlockingResult result;
  result.pairs.reserve(pairs.size());
  for (const auto& [key, rules] : pairs) {
    result.pairs.push_back({static_cast<int32_t>(key >> 32), static_cast<int32_t>(key & 0xffffffffu), rules});
    for (size_t r = 0; r < options.rules.size(); ++r) {
      if (rules & (uint64_t{1} << r)) {
        ++stats.rules[r].pairs;
        if (rules == (uint64_t{1} << r)) ++stats.rules[r].only_pairs;
      }
    }
  }
  std::sort(result.pairs.begin(), result.pairs.end(),
            [](const CandidatePair& x, const CandidatePair& y) { return std::pair(x.a, x.b) < std::pair(y.a, y.b); });
  result.stats = std::move(stats);
  return result;
}

BlockingStats EmptyStats(const BlockingOptions& options) {
  BlockingStats stats;
  for (const BlockingRule& rule : options.rules) stats.rules.push_back({.name = rule.name});
  return stats;
}

}  // namespace

int64_t MaxBlockSide(const BlockingRule& rule, const BlockingOptions& options) {
  return rule.max_block_side > 0 ? std::min(rule.max_block_side, options.max_block_side) : options.max_block_side;
}

std::vector<BlockingRule> DefaultBlockingRules() {
  using F = BlockingField;
  using K = KeyKind;
  return {
      {"identifier", {{F::kIdentifier}}},
      {"name_full", {{F::kName, K::kFull}}},
      {"name_sorted", {{F::kName, K::kSorted}}},
      {"name_joined", {{F::kName, K::kJoined}}},
      {"name_skeleton", {{F::kName, K::kSkeleton}}},
      {"name_skeleton_joined", {{F::kName, K::kSkeletonJoined}}},
      {"name_skeleton+birth_year", {{F::kName, K::kSkeleton}, {F::kBirthYear}}},
      {"name_skeleton_joined+birth_year", {{F::kName, K::kSkeletonJoined}, {F::kBirthYear}}},
      // One name part and a year make big blocks of common given names in a
      // large store: a tighter limit of their own.
      {"name_part_skeleton+birth_year", {{F::kNamePart, K::kSkeleton}, {F::kBirthYear}}, 30},
      {"name_loose_skeleton+birth_year", {{F::kName, K::kLooseSkeleton}, {F::kBirthYear}}},
      {"birth_day+initial", {{F::kBirthDay}, {F::kInitial}}},
      {"birth_day+postcode_prefix", {{F::kBirthDay}, {F::kPostcodePrefix}}},
      {"birth_year+postcode", {{F::kBirthYear}, {F::kPostcode}}},
      {"name_part_skeleton+postcode", {{F::kNamePart, K::kSkeleton}, {F::kPostcode}}},
      {"clk", {{F::kClk}}},
  };
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
  std::vector<PersonValues> values_a, values_b;
  for (const Profile& p : a) values_a.push_back(ValuesOf(p, options));
  for (const Profile& p : b) values_b.push_back(ValuesOf(p, options));
  stats.persons_a = static_cast<int64_t>(a.size());
  stats.persons_b = static_cast<int64_t>(b.size());
  return Pairs(values_a, &values_b, options, std::move(stats));
}

Result<BlockingResult> BlockProfilesWithin(const std::vector<Profile>& profiles, const BlockingOptions& options) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  BlockingStats stats = EmptyStats(options);
  std::vector<PersonValues> values;
  for (const Profile& p : profiles) values.push_back(ValuesOf(p, options));
  stats.persons_a = static_cast<int64_t>(profiles.size());
  return Pairs(values, nullptr, options, std::move(stats));
}

std::vector<BlockKey> BlockKeysOf(const Profile& profile, const BlockingOptions& options) {
  const PersonValues values = ValuesOf(profile, options);
  std::vector<BlockKey> keys;
  for (size_t r = 0; r < options.rules.size(); ++r) {
    for (std::string& key : RuleKeys(options.rules[r], values)) keys.push_back({static_cast<int>(r), std::move(key)});
  }
  return keys;
}

std::vector<std::string> RuleNames(uint64_t rules, const BlockingOptions& options) {
  std::vector<std::string> names;
  for (size_t r = 0; r < options.rules.size(); ++r) {
    if (rules & (uint64_t{1} << r)) names.push_back(options.rules[r].name);
  }
  return names;
}

}  // namespace palermo::linkage
