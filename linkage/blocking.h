// Blocking: the candidate pairs of person records that scoring will look at,
// without comparing every record with every other (issue #10;
// docs/LINKAGE.md, "Blocking"). Each rule turns a person into zero or more
// blocking keys; two persons that share a key of a rule are a candidate pair
// proposed by that rule. Each key is hashed (BlockHash) and a rule's
// (hash, person) entries sorted, so that a block is a run of equal hashes;
// the rules' pairs are sorted and merged. The work is the records' keys
// plus the pairs the blocks make, times a logarithm, spread over
// BlockingOptions::threads (rules on threads, then the merge in parts).
//
// A rule is data: a name and the parts whose values make its key (the
// cartesian product when a part has several values, e.g. a person with two
// names). DefaultBlockingRules() lists the shipped rules.
//
// Giant blocks: a key held by more than `max_block_side` records on one side
// (between two sets) or in the set (within one) proposes no pair; the block
// is counted in the rule's stats (skipped_blocks, skipped_pairs), never
// expanded quadratically. A true pair lost that way is lost to this rule
// only; other rules can still propose it.
#pragma once

#include <cstdint>
#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "linkage/name_keys.h"
#include "linkage/profile.h"
#include "palermo/v1/model.pb.h"

namespace palermo::linkage {

// What a part of a blocking key is read from.
enum class BlockingField {
  // Each identifier record whose holder is the person, as "type:value":
  // passports, national ids, residence permits, bank accounts and plates
  // through DocumentNumberKey; phones by their national numbers
  // (PhoneNationalNumber, in the holder's first nationality's region);
  // e-mail lower-cased; others trimmed. A value that does not read is
  // skipped (counted in BlockingStats::unreadable_identifiers).
  kIdentifier,
  kName,        // name keys (of `name_kind`) of Person.names
  kGivenName,   // name keys (of `name_kind`) of Person.given_names
  kFamilyName,  // name keys (of `name_kind`) of Person.family_names
  // name keys (of `name_kind`) of given_names and family_names together, so
  // that a given name recorded as the family name (swapped parts) meets
  kNamePart,
  // The calendar years (UTC) birth_date's interval touches, when it
  // touches at most kMaxBirthYears years ("1980-05-02" -> 1980, "1979/1981"
  // -> 1979, 1980, 1981; "../2009" -> none).
  kBirthYear,
  kBirthDay,    // birth_date when it is one calendar day ("1980-05-02")
  kPostcode,    // Person.postcode, upper-cased, spaces dropped
  // The first letter of every token of every spelling of the names, given
  // and family names ("Mohamed Abdirahman" -> a, m): cuts a block that
  // another part makes (a day of birth) without asking the names to agree.
  kInitial,
  // The postcode's first two characters (a postcode with a typing error in
  // its last digits).
  kPostcodePrefix,
  // The words of the person's addresses (Profile::address_words, each
  // once): with the postcode, the house number or street two records of
  // one person share when their names and dates were mistyped.
  kAddressWord,
  // The band keys of the person's CLK (linkage/clk.h ClkBlockKeys, with
  // BlockingOptions::clk): two encodings close in Dice share one with high
  // probability. A rule of this part takes every band key (not capped).
  kClk,
  // The person's blocking signatures of one clear rule
  // (BlockingPart::signed_rule; linkage/signatures.h): keyed MACs of the
  // keys of that rule its agency computed before encoding. A rule of this
  // part takes every such signature (not capped). A person with signatures
  // gives no kClk band keys: its pairs come from the signatures.
  kClkSignature,
  // Each word (two letters or more) of the name keys (of `name_kind`) of
  // Person.names, given_names and family_names: names recorded whole (no
  // parts) that share a rare word ("Kadija Ismail Mussa" and "Khadiija
  // Ismaaciil Muuse" share the loose skeleton "ms") when their other words
  // were spelled apart.
  kNameToken,
};

inline constexpr int kMaxBirthYears = 3;

struct BlockingPart {
  BlockingField field;
  KeyKind name_kind = KeyKind::kFull;  // for kName, kGivenName, kFamilyName, kNamePart, kNameToken
  int signed_rule = -1;  // for kClkSignature: the index of the rule in ClearBlockingRules()
};

struct BlockingRule {
  std::string name;  // "identifier", "name_skeleton+birth_year", ...
  std::vector<BlockingPart> parts;
  // A block over this many records on a side proposes no pair; 0: the
  // options' max_block_side (a rule may only be stricter).
  int64_t max_block_side = 0;
  // A pair whose persons both have birth years (as kBirthYear reads them)
  // more than this many years apart is not proposed by this rule; -1: no
  // such condition. For the rules on names alone: they are there for
  // records without a date of birth, or with dates a few years apart (ages
  // estimated, a document of another age), not for every namesake, whom
  // the rules of name and birth year already pair when their years agree.
  // An encoded person's years cannot be read, only that it has some
  // (HasSignedBirthYear, linkage/signatures.h): two encoded persons who both
  // have years are not this rule's pair at all.
  int max_birth_years_apart = -1;
  // The condition above holds in blocks of more than this many records on
  // a side (within one set: in the block); a smaller block proposes every
  // pair: a rare name in common is worth a comparison, and FEBRL4's
  // corrupted birth dates (day 93) keep their pairs. 0: in every block.
  int64_t years_apart_above_block_side = 0;
};

// The shipped rules made of clear values, in order (docs/LINKAGE.md lists
// them with why):
//   identifier; name_full; name_sorted; name_joined; name_skeleton;
//   name_skeleton_joined; name_loose_skeleton (so that names written in two
//   scripts meet when the records hold nothing else);
//   name_skeleton+birth_year; name_skeleton_joined+birth_year;
//   name_part_skeleton+birth_year; name_loose_skeleton+birth_year;
//   name_token_loose+birth_year;
//   birth_day+initial; birth_day+postcode_prefix; birth_year+postcode;
//   name_part_skeleton+postcode; address_word+postcode.
// An encoding agency signs the keys of these rules (linkage/signatures.h).
std::vector<BlockingRule> ClearBlockingRules();

// The name of the rule that blocks on the signatures of a clear rule R:
// kSignedRulePrefix + R's name ("signed:name_full").
inline constexpr char kSignedRulePrefix[] = "signed:";

// The shipped rules: ClearBlockingRules(), then for each of them the rule
// of its signatures (with its block limit and condition), then clk (CLK bands, for
// encoded records without signatures).
std::vector<BlockingRule> DefaultBlockingRules();

struct BlockingOptions {
  std::vector<BlockingRule> rules = DefaultBlockingRules();  // at most 64
  // A key held by more records than this on one side proposes no pair.
  int64_t max_block_side = 200;
  ClkBlockingOptions clk;  // the bands of kClk
  // Threads blocking runs on; the result does not depend on it.
  int threads = 2;
  // A guard on memory: when the rules propose more pairs than this (a pair
  // counted once per rule proposing it: each rule's pairs are held until
  // they are merged), blocking stops and fails (Unavailable, naming the
  // rule that crossed the limit) instead of exhausting memory. 0: none.
  int64_t max_proposed_pairs = 0;
};

// A candidate pair: indexes into the input vectors (between: `a` into the
// first set and `b` into the second; within: a < b, both into the one set),
// always of person records, and the rules that proposed it: bit i set when
// options.rules[i] did.
struct CandidatePair {
  int32_t a = 0;
  int32_t b = 0;
  uint64_t rules = 0;
};

struct RuleStats {
  std::string name;
  int64_t keys = 0;            // distinct keys (blocks), giant ones included
  int64_t skipped_blocks = 0;  // blocks over max_block_side
  int64_t skipped_pairs = 0;   // the pairs those blocks would have made
  int64_t pairs = 0;           // candidate pairs this rule proposed
  int64_t only_pairs = 0;      // ... that no other rule proposed
};

struct BlockingStats {
  int64_t persons_a = 0;  // within: the persons of the one set
  int64_t persons_b = 0;  // within: 0
  int64_t unreadable_names = 0;        // not well-formed UTF-8: no name keys
  int64_t unreadable_identifiers = 0;  // values DocumentNumberKey/PhoneNationalNumber refused
  std::vector<RuleStats> rules;        // one per options.rules, in order
};

// One entry of a blocking index: a person under the hash of one of its
// keys (BlockHash of the rule and the key's value).
struct IndexEntry {
  uint64_t hash = 0;
  int32_t person = 0;
  auto operator<=>(const IndexEntry&) const = default;
};

struct BlockingResult {
  std::vector<CandidatePair> pairs;  // sorted by (a, b), each pair once
  // Within one set only: every key of every person, giant blocks included,
  // sorted by (hash, person), each once: what the stored index holds
  // (linkage/keeper.h), and the term frequencies of keys.
  std::vector<IndexEntry> index;
  BlockingStats stats;
};

// Candidate pairs between the persons of `a` and those of `b` (agency A's
// records against agency B's). Records of other kinds are read only for
// identifiers (an identifier's holder is the global key of a person of the
// same set). InvalidArgument for more than 64 rules, a rule without parts or
// max_block_side < 1; Unavailable when ICU cannot build its transforms or
// the rules propose more than max_proposed_pairs.
Result<BlockingResult> BlockBetween(const std::vector<v1::Record>& a, const std::vector<v1::Record>& b,
                                    const BlockingOptions& options = {});

// Candidate pairs within the persons of one set; each pair has a < b.
Result<BlockingResult> BlockWithin(const std::vector<v1::Record>& records, const BlockingOptions& options = {});

// The same on profiles already read (linkage/profile.h); the pairs index
// into the profile vectors.
Result<BlockingResult> BlockProfilesBetween(const std::vector<Profile>& a, const std::vector<Profile>& b,
                                            const BlockingOptions& options = {});
Result<BlockingResult> BlockProfilesWithin(const std::vector<Profile>& profiles, const BlockingOptions& options = {});

// One blocking key of one person: the rule (its index in options.rules)
// and the key's value. Two persons that share a BlockKey are a pair of
// that rule (unless its block is over max_block_side).
struct BlockKey {
  int rule = 0;
  std::string value;
};
// Every blocking key of `profile`, rule by rule: what an index of the
// stored persons keeps so that a new person's pairs are found without
// reading the others (linkage/keeper.h).
std::vector<BlockKey> BlockKeysOf(const Profile& profile, const BlockingOptions& options = {});

// The rules of `rules` (a CandidatePair's bits) whose conditions on the
// pair itself (max_birth_years_apart) persons `a` and `b` meet: what the
// stored index of keys (linkage/keeper.h) cannot tell by keys alone. For
// pairs found in blocks where the condition holds (ConditionHolds).
uint64_t RulesProposing(uint64_t rules, const Profile& a, const Profile& b, const BlockingOptions& options);

// Whether a block of `block_side` records (the larger side) of `rule`
// proposes only the pairs its condition allows (RulesProposing).
inline bool ConditionHolds(const BlockingRule& rule, int64_t block_side) {
  return rule.max_birth_years_apart >= 0 && block_side > rule.years_apart_above_block_side;
}

// The hash a blocking key is grouped and indexed under: SipHash-2-4
// (libsodium) of the rule's index byte and the value, under a fixed key
// (it spreads keys; it is not a secret). Two keys meet only by equal
// hashes, so a collision (about 2^-64 per pair of keys) can add a pair.
uint64_t BlockHash(int rule, std::string_view value);

// The index in options.rules of the rule named `name`, -1 when none is.
int RuleIndex(const BlockingOptions& options, std::string_view name);

// The largest block `rule` expands under `options`.
int64_t MaxBlockSide(const BlockingRule& rule, const BlockingOptions& options);

// Calls fn(name) for the rules set in `rules` (a CandidatePair's), in
// rule order, without copying the names.
template <typename Fn>
void ForEachRuleName(uint64_t rules, const BlockingOptions& options, Fn&& fn) {
  for (size_t r = 0; r < options.rules.size(); ++r) {
    if (rules & (uint64_t{1} << r)) fn(options.rules[r].name);
  }
}
// Their names, as a list.
std::vector<std::string> RuleNames(uint64_t rules, const BlockingOptions& options);

}  // namespace palermo::linkage
