// Blocking signatures for encoded records (issue #10, "Privacy-preserving
// mode"; docs/LINKAGE.md, "Blocking encoded records"): the P-Sig scheme of
// blocklib (Zhang et al., "Scalable entity resolution using probabilistic
// signatures on parallel databases"), on Palermo's own blocking keys.
//
// An agency encoding its persons (linkage/encode.h) computes each person's
// clear blocking keys (ClearBlockingRules(): name keys, name keys with the
// birth year, postcode, identifiers, ...) and writes, next to the CLK, a
// keyed MAC of each: the extra field kSignaturesField, a JSON object from
// rule name to that rule's signatures. Two encoded persons whose clear keys
// agree under a rule share a signature of that rule, and the service blocks
// them under the rule "signed:" + its name, with the rule's own limit on
// giant blocks: encoded records are blocked as clear ones are (the same
// pairs) without the keys being revealed. Each signature is 96 bits of
// BLAKE2b (libsodium) keyed with SignatureKey(secret), over the rule's name
// and the key's value. Without the project's secret a signature cannot be
// recomputed from a guessed name; what it gives away is equality (which
// records share a key of which rule, and so how often a key occurs), the
// price of blocking at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "linkage/blocking.h"
#include "linkage/profile.h"

namespace palermo::linkage {

// The extra field of an encoded person that holds its signatures.
inline constexpr char kSignaturesField[] = "clk_blocks";

// The key signatures are made with: DeriveKey(secret, "palermo clk blocking
// signatures 1", 32), independent of the CLK's own field keys.
[[nodiscard]] Result<std::vector<uint8_t>> SignatureKey(std::string_view secret);

// A person's signatures: for each clear rule that gives it keys (in
// ClearBlockingRules() order), the rule's name and its signatures, base64
// (standard alphabet, no padding: 16 characters), sorted, each once.
using SignatureSet = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The signatures of a clear person's blocking keys; `key` is SignatureKey's.
SignatureSet BlockingSignatures(const Profile& clear, const std::vector<uint8_t>& key);

// The set as the extra field holds it: {"name_full":["..."],...}.
std::string SignaturesJson(const SignatureSet& signatures);

// The field as blocking compares it: each signature's clear rule (its
// index in ClearBlockingRules()) and first 64 bits (little-endian), sorted,
// each once. InvalidArgument, naming the field and what is wrong, for
// anything but an object of known rule names to lists of signatures.
[[nodiscard]] Result<std::vector<Signature>> ReadSignatures(std::string_view json);

// What two encoded persons' signatures tell of their birth dates (a level
// of the birth_date comparison, linkage/levels.h): a shared
// `birth_day+initial` signature is the same day; name skeletons that agree
// (a shared `name_skeleton` signature) while both persons have
// `name_skeleton+birth_year` signatures and share none are years that
// differ. levels::kNull otherwise: the signatures cannot tell a day mistyped
// from another day (so "same year" is never claimed), and names that differ
// are the CLK's to weigh. This is what tells namesakes with other birth
// years apart, whose CLKs agree in most bits.
int8_t BirthLevelFromSignatures(const Profile& a, const Profile& b);
// Whether an encoded person's signatures say it has a birth year (not
// which): it has `name_skeleton+birth_year` signatures, as every person
// with a name and a birth year does. What the two birth levels above read,
// and blocking's condition on birth years (BlockingRule).
bool HasSignedBirthYear(const Profile& person);
// Gives `person` its signatures (as ReadSignatures returns them) and the
// ranges BirthLevelFromSignatures reads.
void SetSignatures(std::vector<Signature> signatures, Profile* person);

}  // namespace palermo::linkage
