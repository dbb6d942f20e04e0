// What blocking makes of one person: the values of the fields its rules
// are made of (PersonValues), and each rule's keys from them. Shared by
// blocking.cc (every person of a set) and block_keys.cc (one person's keys
// for the stored index, BlockKeysOf); not part of linkage's interface
// (linkage/blocking.h is).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/blocking.h"
#include "linkage/profile.h"

namespace palermo::linkage::block_keys {

// The most keys one rule makes for one person (the product of its parts'
// values); more are dropped, so that a person with many names cannot make a
// rule quadratic in its own keys.
constexpr size_t kMaxKeysPerRule = 64;

// A person's birth years as kBirthYear reads them, first to last; not known
// without a birth date or for one spanning more than kMaxBirthYears years.
// An encoded person's birth date is inside its CLK: its signatures tell
// that it has years, not which (hidden; HasSignedBirthYear).
struct BirthYears {
  int32_t first = 0, last = 0;
  bool known = false;
  bool hidden = false;  // known from signatures only: first and last mean nothing
};
BirthYears BirthYearsOf(const Profile& p);

// Whether `rule`'s condition on the pair lets persons of birth years x and y
// be its pair.
bool YearsAllow(const BlockingRule& rule, BirthYears x, BirthYears y);

// The values of every field a person's keys are made of.
struct PersonValues {
  std::vector<std::string> identifiers;
  std::vector<const NameKey*> names, given, family;  // the profile's, sorted, each once
  BirthYears birth;
  std::vector<std::string> years;  // birth's, as text
  std::vector<std::string> day;
  std::vector<std::string> postcode;
  std::vector<std::string> address_words;
  std::vector<std::string> clk;
  const std::vector<Signature>* signatures = nullptr;  // the profile's
  std::vector<std::string> initials;
};

// Fills `v` with the values of `p`. `v` may hold another person's values:
// its vectors are cleared and their room kept, so that a thread reading a
// million persons into one PersonValues hardly allocates.
void ValuesOf(const Profile& p, const BlockingOptions& options, PersonValues* out);

// A signature as a key's value: its 8 bytes as they lie in memory.
inline std::string_view SignatureBytes(const uint64_t& signature) {
  return {reinterpret_cast<const char*>(&signature), sizeof signature};
}

// Calls fn(value) for each value of one part for one person (views into
// `v` and its profile), in order.
template <typename Fn>
void ForEachPartValue(const BlockingPart& part, const PersonValues& v, Fn&& fn) {
  auto names = [&](const std::vector<const NameKey*>& keys) {
    // Sorted by kind first: the part's kind is one run.
    auto first = std::lower_bound(keys.begin(), keys.end(), part.name_kind,
                                  [](const NameKey* k, KeyKind kind) { return k->kind < kind; });
    for (; first != keys.end() && (*first)->kind == part.name_kind; ++first) fn(std::string_view((*first)->value));
  };
  // The words of the part's kind of keys, each once (many spellings of one
  // name repeat their words, and repeats would use up kMaxKeysPerRule), the
  // words of the lists first to last: the name parts before the names.
  auto tokens = [&](std::initializer_list<const std::vector<const NameKey*>*> lists) {
    std::vector<std::string_view> words;
    for (const std::vector<const NameKey*>* keys : lists) {
      auto first = std::lower_bound(keys->begin(), keys->end(), part.name_kind,
                                    [](const NameKey* k, KeyKind kind) { return k->kind < kind; });
      for (; first != keys->end() && (*first)->kind == part.name_kind; ++first) {
        ForEachWord((*first)->value, [&words](std::string_view word) {
          if (word.size() >= 2) words.push_back(word);
        });
      }
    }
    for (size_t i = 0; i < words.size(); ++i) {
      if (std::find(words.begin(), words.begin() + i, words[i]) == words.begin() + i) fn(words[i]);
    }
  };
  auto all = [&](const std::vector<std::string>& values) {
    for (const std::string& value : values) fn(std::string_view(value));
  };
  switch (part.field) {
    case BlockingField::kIdentifier: return all(v.identifiers);
    case BlockingField::kName: return names(v.names);
    case BlockingField::kGivenName: return names(v.given);
    case BlockingField::kFamilyName: return names(v.family);
    case BlockingField::kNamePart:
      names(v.given);
      return names(v.family);
    case BlockingField::kBirthYear: return all(v.years);
    case BlockingField::kBirthDay: return all(v.day);
    case BlockingField::kPostcode: return all(v.postcode);
    case BlockingField::kClk: return all(v.clk);
    case BlockingField::kClkSignature:
      for (auto it = std::lower_bound(v.signatures->begin(), v.signatures->end(), Signature{part.signed_rule, 0});
           it != v.signatures->end() && it->rule == part.signed_rule; ++it) {
        fn(SignatureBytes(it->value));
      }
      return;
    case BlockingField::kInitial: return all(v.initials);
    case BlockingField::kAddressWord: return all(v.address_words);
    case BlockingField::kNameToken: return tokens({&v.given, &v.family, &v.names});
    case BlockingField::kPostcodePrefix:
      for (const std::string& postcode : v.postcode) fn(std::string_view(postcode).substr(0, 2));
      return;
  }
}

// Calls fn(key) for each key of `rule` for one person: the product of its
// parts' values, at most kMaxKeysPerRule (a key may come more than once).
template <typename Fn>
void ForEachRuleKey(const BlockingRule& rule, const PersonValues& v, Fn&& fn) {
  if (rule.parts.size() == 1 && rule.parts[0].field == BlockingField::kClk) {  // distinct bands, all of them
    for (const std::string& band : v.clk) fn(std::string_view(band));
    return;
  }
  if (rule.parts.size() == 1 && rule.parts[0].field == BlockingField::kClkSignature) {  // distinct, all of them
    ForEachPartValue(rule.parts[0], v, fn);
    return;
  }
  if (rule.parts.size() == 1) {
    size_t made = 0;
    ForEachPartValue(rule.parts[0], v, [&](std::string_view value) {
      if (made++ < kMaxKeysPerRule) fn(value);
    });
    return;
  }
  // Two parts or more: the product in order (the first part's values
  // outermost), the first kMaxKeysPerRule of it, each key built in one
  // buffer of the thread (values joined by 0x1f) and handed to fn at once.
  thread_local std::string key;
  key.clear();
  size_t made = 0;
  auto extend = [&](auto&& self, size_t part) -> void {
    if (part == rule.parts.size()) {
      ++made;
      fn(std::string_view(key));
      return;
    }
    ForEachPartValue(rule.parts[part], v, [&](std::string_view value) {
      if (made >= kMaxKeysPerRule) return;
      const size_t before = key.size();
      if (part > 0) key += '\x1f';
      key.append(value);
      self(self, part + 1);
      key.resize(before);
    });
  };
  extend(extend, 0);
}

// The keys of `rule` for one person, sorted, without duplicates.
std::vector<std::string> RuleKeys(const BlockingRule& rule, const PersonValues& v);

}  // namespace palermo::linkage::block_keys
