// One person's blocking values and keys (linkage/block_keys.h), the block
// hash, and the default rules.
#include "linkage/block_keys.h"

#include <sodium.h>

#include <algorithm>
#include <string>
#include <vector>

#include "linkage/fields.h"
#include "linkage/levels.h"
#include "linkage/signatures.h"
#include "model/dates.h"

namespace palermo::linkage {
namespace {

int64_t YearOf(int64_t unix_s) {
  int64_t y;
  unsigned m, d;
  model::CivilFromDays(model::DayOf(unix_s), &y, &m, &d);
  return y;
}

using model::DayOf;

// The fixed SipHash key of block hashes: not a secret, the hash only
// spreads keys (store/keys.h indexes persons under it).
constexpr unsigned char kBlockHashKey[crypto_shorthash_KEYBYTES] = {'p', 'a', 'l', 'e', 'r', 'm', 'o', '/',
                                                                    'b', 'l', 'o', 'c', 'k', 's', '/', '1'};

void KeysOfNames(const std::vector<NameValue>& names, std::vector<const NameKey*>* out) {
  out->clear();
  for (const NameValue& name : names) {
    for (const NameKey& key : name.keys->keys) out->push_back(&key);
  }
  std::sort(out->begin(), out->end(), [](const NameKey* x, const NameKey* y) { return *x < *y; });
  out->erase(std::unique(out->begin(), out->end(), [](const NameKey* x, const NameKey* y) { return *x == *y; }),
             out->end());
}

}  // namespace

namespace block_keys {

BirthYears BirthYearsOf(const Profile& p) {
  if (!p.birth) {
    const bool hidden = !p.clk_signatures.empty() && HasSignedBirthYear(p);
    return {0, 0, hidden, hidden};
  }
  const int64_t first = YearOf(p.birth->first_s), last = YearOf(p.birth->last_s);
  if (last - first >= kMaxBirthYears) return {};
  return {static_cast<int32_t>(first), static_cast<int32_t>(last), true, false};
}

bool YearsAllow(const BlockingRule& rule, BirthYears x, BirthYears y) {
  if (rule.max_birth_years_apart < 0 || !x.known || !y.known) return true;
  // Both born, and a year that cannot be read: the rules of a name with the
  // birth year pair namesakes of one year (and the signatures' birth level
  // says "differ" for other years).
  if (x.hidden || y.hidden) return false;
  return std::max(x.first - y.last, y.first - x.last) <= rule.max_birth_years_apart;
}

// Fills `v` with the values of `p`. `v` may hold another person's values:
// its vectors are cleared and their room kept, so that a thread reading a
// million persons into one PersonValues hardly allocates.
void ValuesOf(const Profile& p, const BlockingOptions& options, PersonValues* out) {
  PersonValues& v = *out;
  v.signatures = &p.clk_signatures;
  v.clk.clear();
  if (!p.clk.empty() && p.clk_signatures.empty()) v.clk = ClkBlockKeys(p.clk, options.clk);
  v.identifiers.clear();
  for (const IdentifierValue& id : p.identifiers) v.identifiers.push_back(id.Key());
  KeysOfNames(p.names, &v.names);
  KeysOfNames(p.given, &v.given);
  KeysOfNames(p.family, &v.family);
  v.birth = BirthYearsOf(p);
  v.years.clear();
  v.day.clear();
  v.postcode.clear();
  v.address_words.clear();
  v.initials.clear();
  if (v.birth.known && !v.birth.hidden) {
    for (int32_t y = v.birth.first; y <= v.birth.last; ++y) v.years.push_back(std::to_string(y));
  }
  if (p.birth) {
    if (DayOf(p.birth->first_s) == DayOf(p.birth->last_s)) v.day.push_back(std::to_string(DayOf(p.birth->first_s)));
  }
  if (!p.postcode.empty()) v.postcode.push_back(p.postcode);
  for (const auto& words : p.address_words) v.address_words.insert(v.address_words.end(), words.begin(), words.end());
  std::sort(v.address_words.begin(), v.address_words.end());
  v.address_words.erase(std::unique(v.address_words.begin(), v.address_words.end()), v.address_words.end());
  for (const auto* names : {&p.names, &p.given, &p.family}) {
    for (const NameValue& name : *names) {
      for (const NameKey& key : name.keys->keys) {
        if (key.kind != KeyKind::kFull) continue;
        for (size_t i = 0; i < key.value.size(); ++i) {
          if (i == 0 || key.value[i - 1] == ' ') v.initials.push_back(std::string(1, key.value[i]));
        }
      }
    }
  }
  std::sort(v.initials.begin(), v.initials.end());
  v.initials.erase(std::unique(v.initials.begin(), v.initials.end()), v.initials.end());
}

// The keys of `rule` for one person, sorted, without duplicates.
std::vector<std::string> RuleKeys(const BlockingRule& rule, const PersonValues& v) {
  std::vector<std::string> keys;
  ForEachRuleKey(rule, v, [&keys](std::string_view key) { keys.emplace_back(key); });
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace block_keys

using block_keys::BirthYears;
using block_keys::BirthYearsOf;
using block_keys::PersonValues;
using block_keys::RuleKeys;
using block_keys::ValuesOf;
using block_keys::YearsAllow;

uint64_t BlockHash(int rule, std::string_view value) {
  static const bool initialized = sodium_init() >= 0;
  (void)initialized;
  thread_local std::string input;  // the rule's byte, then the value
  input.assign(1, static_cast<char>(rule));
  input.append(value);
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), kBlockHashKey);
  uint64_t hash = 0;
  for (unsigned char byte : out) hash = hash << 8 | byte;
  return hash;
}

// How far apart two birth years may be for the rules on names alone to pair
// their persons (BlockingRule::max_birth_years_apart), in blocks of more
// than kNameAloneSmallBlock records on a side: as far as scoring's "years
// apart" level starts, which weighs such namesakes as other persons.
constexpr int kNameAloneYearsApart = levels::kYearsApart;
constexpr int64_t kNameAloneSmallBlock = 10;

std::vector<BlockingRule> ClearBlockingRules() {
  using F = BlockingField;
  using K = KeyKind;
  return {
      {"identifier", {{F::kIdentifier}}},
      // Names alone: for records without a birth year or with years a few
      // apart; namesakes with years further apart are left to the rules
      // of identifiers, addresses and postcodes.
      {"name_full", {{F::kName, K::kFull}}, 0, kNameAloneYearsApart, kNameAloneSmallBlock},
      {"name_sorted", {{F::kName, K::kSorted}}, 0, kNameAloneYearsApart, kNameAloneSmallBlock},
      {"name_joined", {{F::kName, K::kJoined}}, 0, kNameAloneYearsApart, kNameAloneSmallBlock},
      {"name_skeleton", {{F::kName, K::kSkeleton}}, 0, kNameAloneYearsApart, kNameAloneSmallBlock},
      {"name_skeleton_joined", {{F::kName, K::kSkeletonJoined}}, 0, kNameAloneYearsApart, kNameAloneSmallBlock},
      // The loose skeleton (Hamza/Hamsa) alone: names-only records whose
      // spellings differ in their w/y vowels or a Somali s. Loose keys make
      // big blocks of common names: a tighter limit of their own.
      {"name_loose_skeleton", {{F::kName, K::kLooseSkeleton}}, 30, kNameAloneYearsApart, kNameAloneSmallBlock},
      {"name_skeleton+birth_year", {{F::kName, K::kSkeleton}, {F::kBirthYear}}},
      {"name_skeleton_joined+birth_year", {{F::kName, K::kSkeletonJoined}, {F::kBirthYear}}},
      // One name part and a year make big blocks of common given names in a
      // large store: a tighter limit of their own.
      {"name_part_skeleton+birth_year", {{F::kNamePart, K::kSkeleton}, {F::kBirthYear}}, 30},
      {"name_loose_skeleton+birth_year", {{F::kName, K::kLooseSkeleton}, {F::kBirthYear}}},
      // A word of the names and a year, for names recorded whole whose
      // other words were spelled apart; common words make big blocks.
      {"name_token_loose+birth_year", {{F::kNameToken, K::kLooseSkeleton}, {F::kBirthYear}}, 8},
      {"birth_day+initial", {{F::kBirthDay}, {F::kInitial}}},
      {"birth_day+postcode_prefix", {{F::kBirthDay}, {F::kPostcodePrefix}}},
      {"birth_year+postcode", {{F::kBirthYear}, {F::kPostcode}}},
      {"name_part_skeleton+postcode", {{F::kNamePart, K::kSkeleton}, {F::kPostcode}}},
      // Names and dates mistyped, the address kept: a word of it (the house
      // number, the street) in one postcode; common words make giant blocks.
      {"address_word+postcode", {{F::kAddressWord}, {F::kPostcode}}, 30},
  };
}

std::vector<BlockingRule> DefaultBlockingRules() {
  std::vector<BlockingRule> rules = ClearBlockingRules();
  const size_t clear = rules.size();
  for (size_t r = 0; r < clear; ++r) {
    BlockingPart part{BlockingField::kClkSignature};
    part.signed_rule = static_cast<int>(r);
    rules.push_back({std::string(kSignedRulePrefix) + rules[r].name, {part}, rules[r].max_block_side,
                     rules[r].max_birth_years_apart, rules[r].years_apart_above_block_side});
  }
  rules.push_back({"clk", {{BlockingField::kClk}}});
  return rules;
}

std::vector<BlockKey> BlockKeysOf(const Profile& profile, const BlockingOptions& options) {
  PersonValues values;
  ValuesOf(profile, options, &values);
  std::vector<BlockKey> keys;
  for (size_t r = 0; r < options.rules.size(); ++r) {
    for (std::string& key : RuleKeys(options.rules[r], values)) keys.push_back({static_cast<int>(r), std::move(key)});
  }
  return keys;
}

uint64_t RulesProposing(uint64_t rules, const Profile& a, const Profile& b, const BlockingOptions& options) {
  const BirthYears x = BirthYearsOf(a), y = BirthYearsOf(b);
  for (size_t r = 0; r < options.rules.size(); ++r) {
    if ((rules & (uint64_t{1} << r)) && !YearsAllow(options.rules[r], x, y)) rules &= ~(uint64_t{1} << r);
  }
  return rules;
}

std::vector<std::string> RuleNames(uint64_t rules, const BlockingOptions& options) {
  std::vector<std::string> names;
  ForEachRuleName(rules, options, [&names](const std::string& name) { names.push_back(name); });
  return names;
}

}  // namespace palermo::linkage
