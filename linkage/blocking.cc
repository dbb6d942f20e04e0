#include "linkage/blocking.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <utility>

#include "linkage/fields.h"
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
  // H. Hinnant's civil_from_days, the year only.
  int64_t z = (unix_s >= 0 ? unix_s : unix_s - (model::kSecondsPerDay - 1)) / model::kSecondsPerDay + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (m <= 2);
}

int64_t DayOf(int64_t unix_s) {
  return (unix_s >= 0 ? unix_s : unix_s - (model::kSecondsPerDay - 1)) / model::kSecondsPerDay;
}

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// The identifier's comparable value, "type:value", or empty when it does not read.
std::string IdentifierKey(const v1::Identifier& id) {
  const auto type = static_cast<size_t>(id.type());
  const std::string prefix = std::string(type < model::kIdentifierTypeNames.size() ? model::kIdentifierTypeNames[type] : "") + ":";
  switch (id.type()) {
    case v1::IDENTIFIER_TYPE_PHONE: {
      Result<std::string> phone = PhoneE164(id.value(), "");
      return phone.ok() ? prefix + *phone : std::string();
    }
    case v1::IDENTIFIER_TYPE_EMAIL: {
      std::string mail = Trimmed(id.value());
      for (char& c : mail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return mail.empty() ? std::string() : prefix + mail;
    }
    case v1::IDENTIFIER_TYPE_CRYPTO_WALLET:
    case v1::IDENTIFIER_TYPE_SOCIAL_MEDIA: {
      std::string value = Trimmed(id.value());
      return value.empty() ? std::string() : prefix + value;
    }
    default: {
      Result<std::string> number = DocumentNumberKey(id.value());
      return number.ok() ? prefix + *number : std::string();
    }
  }
}

// The values of every field a person's keys are made of.
struct PersonValues {
  std::vector<std::string> identifiers;
  std::vector<NameKey> names, given, family;
  std::vector<std::string> years;
  std::vector<std::string> day;
  std::vector<std::string> postcode;
};

class Reader {
 public:
  explicit Reader(BlockingStats* stats) : stats_(stats) {}

  // The persons of `records` (their indexes) and their values.
  Status Read(const std::vector<Record>& records, std::vector<int32_t>* persons, std::vector<PersonValues>* values) {
    std::unordered_map<std::string, size_t> by_key;
    for (size_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      if (r.body_case() != Record::kPerson) continue;
      by_key.emplace(model::GlobalKey(r.agency(), r.id()), persons->size());
      persons->push_back(static_cast<int32_t>(i));
      PersonValues v;
      const v1::Person& p = r.person();
      for (const auto& [field, out] : {std::pair{&p.names(), &v.names}, std::pair{&p.given_names(), &v.given},
                                       std::pair{&p.family_names(), &v.family}}) {
        for (const std::string& name : *field) {
          Status status = AddNameKeys(name, out);
          if (!status.ok()) return status;
        }
        std::sort(out->begin(), out->end());
        out->erase(std::unique(out->begin(), out->end()), out->end());
      }
      if (p.has_birth_date() && p.birth_date().first_s() <= p.birth_date().last_s()) {
        const int64_t first = YearOf(p.birth_date().first_s()), last = YearOf(p.birth_date().last_s());
        if (last - first < kMaxBirthYears) {
          for (int64_t y = first; y <= last; ++y) v.years.push_back(std::to_string(y));
        }
        if (DayOf(p.birth_date().first_s()) == DayOf(p.birth_date().last_s())) {
          v.day.push_back(std::to_string(DayOf(p.birth_date().first_s())));
        }
      }
      std::string postcode;
      for (char c : p.postcode()) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
          postcode.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
      }
      if (!postcode.empty()) v.postcode.push_back(std::move(postcode));
      values->push_back(std::move(v));
    }
    for (const Record& r : records) {
      if (r.body_case() != Record::kIdentifier) continue;
      auto it = by_key.find(r.identifier().holder());
      if (it == by_key.end()) continue;
      std::string key = IdentifierKey(r.identifier());
      if (key.empty()) {
        ++stats_->unreadable_identifiers;
        continue;
      }
      (*values)[it->second].identifiers.push_back(std::move(key));
    }
    return Status::Ok();
  }

 private:
  Status AddNameKeys(const std::string& name, std::vector<NameKey>* out) {
    auto it = cache_.find(name);
    if (it == cache_.end()) {
      Result<NameKeys> keys = KeysOf(name);
      if (!keys.ok()) {
        if (keys.status().code() != Status::Code::kInvalidArgument) return keys.status();
        ++stats_->unreadable_names;
        return Status::Ok();
      }
      it = cache_.emplace(name, std::move(keys->keys)).first;
    }
    out->insert(out->end(), it->second.begin(), it->second.end());
    return Status::Ok();
  }

  BlockingStats* stats_;
  std::unordered_map<std::string, std::vector<NameKey>> cache_;  // the same names recur
};

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
  }
  return {};
}

// The keys of `rule` for one person, sorted, without duplicates.
std::vector<std::string> RuleKeys(const BlockingRule& rule, const PersonValues& v) {
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
BlockingResult Pairs(const std::vector<int32_t>& persons_a, const std::vector<PersonValues>& values_a,
                     const std::vector<int32_t>* persons_b, const std::vector<PersonValues>* values_b,
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
      if (na > options.max_block_side || nb > options.max_block_side) {
        ++rs.skipped_blocks;
        rs.skipped_pairs += within ? na * (na - 1) / 2 : na * nb;
        continue;
      }
      if (within) {
        for (size_t x = 0; x < block.a.size(); ++x) {
          for (size_t y = x + 1; y < block.a.size(); ++y) {
            const uint64_t lo = static_cast<uint32_t>(persons_a[block.a[x]]);
            const uint64_t hi = static_cast<uint32_t>(persons_a[block.a[y]]);
            pairs[std::min(lo, hi) << 32 | std::max(lo, hi)] |= bit;
          }
        }
      } else {
        for (int32_t x : block.a) {
          for (int32_t y : block.b) {
            pairs[uint64_t{static_cast<uint32_t>(persons_a[x])} << 32 | static_cast<uint32_t>((*persons_b)[y])] |= bit;
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

std::vector<BlockingRule> DefaultBlockingRules() {
  using F = BlockingField;
  using K = KeyKind;
  return {
      {"identifier", {{F::kIdentifier}}},
      {"name_full", {{F::kName, K::kFull}}},
      {"name_sorted", {{F::kName, K::kSorted}}},
      {"name_joined", {{F::kName, K::kJoined}}},
      {"name_skeleton+birth_year", {{F::kName, K::kSkeleton}, {F::kBirthYear}}},
      {"name_skeleton_joined+birth_year", {{F::kName, K::kSkeletonJoined}, {F::kBirthYear}}},
      {"name_part_skeleton+birth_year", {{F::kNamePart, K::kSkeleton}, {F::kBirthYear}}},
      {"birth_day", {{F::kBirthDay}}},
      {"birth_year+postcode", {{F::kBirthYear}, {F::kPostcode}}},
      {"name_part_skeleton+postcode", {{F::kNamePart, K::kSkeleton}, {F::kPostcode}}},
  };
}

Result<BlockingResult> BlockBetween(const std::vector<Record>& a, const std::vector<Record>& b,
                                    const BlockingOptions& options) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  BlockingStats stats = EmptyStats(options);
  Reader reader(&stats);
  std::vector<int32_t> persons_a, persons_b;
  std::vector<PersonValues> values_a, values_b;
  if (Status status = reader.Read(a, &persons_a, &values_a); !status.ok()) return status;
  if (Status status = reader.Read(b, &persons_b, &values_b); !status.ok()) return status;
  stats.persons_a = static_cast<int64_t>(persons_a.size());
  stats.persons_b = static_cast<int64_t>(persons_b.size());
  return Pairs(persons_a, values_a, &persons_b, &values_b, options, std::move(stats));
}

Result<BlockingResult> BlockWithin(const std::vector<Record>& records, const BlockingOptions& options) {
  if (Status status = CheckOptions(options); !status.ok()) return status;
  BlockingStats stats = EmptyStats(options);
  Reader reader(&stats);
  std::vector<int32_t> persons;
  std::vector<PersonValues> values;
  if (Status status = reader.Read(records, &persons, &values); !status.ok()) return status;
  stats.persons_a = static_cast<int64_t>(persons.size());
  return Pairs(persons, values, nullptr, nullptr, options, std::move(stats));
}

std::vector<std::string> RuleNames(uint64_t rules, const BlockingOptions& options) {
  std::vector<std::string> names;
  for (size_t r = 0; r < options.rules.size(); ++r) {
    if (rules & (uint64_t{1} << r)) names.push_back(options.rules[r].name);
  }
  return names;
}

}  // namespace palermo::linkage
