// A person as linkage reads it (issue #10): the values of a person record
// and of the identifier records it holds, read once into the forms that
// blocking and scoring compare (name keys through ICU, dates as intervals,
// identifiers normalized, phones by their national numbers). Both blocking
// and scoring take profiles, so the two agree on what a person's values
// are.
#pragma once

#include <compare>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include "common/status.h"
#include "linkage/clk.h"
#include "linkage/fields.h"
#include "linkage/name_keys.h"
#include "palermo/v1/model.pb.h"

namespace palermo::linkage {

struct NameValue {
  // Shared by every name of a ProfileReader's profiles written the same
  // way: common names are read once (and held once: a name is not copied
  // into each profile) and stay in the cache when compared.
  std::shared_ptr<const NameKeys> keys;
  const std::string& written() const { return keys->written; }  // as the record has it
};

// An alpha-2 country code in two bytes ("AF" -> 'A' << 8 | 'F'); 0 for
// anything else (empty, or not two letters).
uint16_t PackedCountry(std::string_view alpha2);

struct IdentifierValue {
  palermo::v1::IdentifierType type = palermo::v1::IDENTIFIER_TYPE_UNSPECIFIED;
  // The issuing country's alpha-2 code in two bytes ('A' << 8 | 'F'), 0
  // when the record names none: two passports of two states are not in
  // conflict (PackedCountry).
  uint16_t country = 0;
  std::string value;  // as compared: DocumentNumberKey, national number, lower-cased e-mail, trimmed
  // "type:value", the blocking key.
  std::string Key() const;
};

// One blocking signature of an encoded person: the clear rule it signs a
// key of (an index into ClearBlockingRules()) and its first 64 bits.
struct Signature {
  int rule = 0;
  uint64_t value = 0;
  auto operator<=>(const Signature&) const = default;
};

// Where one blocking rule's signatures are in a person's sorted
// signatures: [begin, end).
struct SignatureRange {
  uint32_t begin = 0, end = 0;
};

struct Profile {
  std::string key;     // global key "AGENCY/ID"
  std::string agency;
  // Names: the full names, and the parts where the record has them. A name
  // that is not well-formed UTF-8 is left out (counted by the reader).
  std::vector<NameValue> names, given, family, father;
  // The birth date's span or, without one, the span the stated ages allow
  // ("aged 38 on 2022-06-01": born 1983-06-02 to 1984-06-01).
  std::optional<DateSpan> birth;
  std::string birth_text;  // as written ("1996-02", "aged 38 on 2022-06-01"), for reasons
  std::string postcode;    // upper-cased, spaces dropped
  std::vector<std::string> addresses;  // as written
  // Each address's words: letters and digits, lower-cased, sorted, once each.
  std::vector<std::vector<std::string>> address_words;
  palermo::v1::Sex sex = palermo::v1::SEX_UNSPECIFIED;
  std::vector<std::string> nationalities;  // sorted
  std::vector<IdentifierValue> identifiers;
  // A privacy-preserving encoding (the record's `clk` field, decoded), or
  // empty; see linkage/clk.h. A `clk` that does not decode is left out
  // (counted by the reader).
  Clk clk;
  // The blocking signatures of an encoded person (linkage/signatures.h
  // ReadSignatures of the record's `clk_blocks` field), sorted; left out,
  // and counted as an unreadable clk, when the field does not read.
  std::vector<Signature> clk_signatures;
  // The ranges in clk_signatures of the rules BirthLevelFromSignatures
  // reads, found once (SetSignatures, linkage/signatures.h), so that each
  // comparison reads them without searching.
  std::array<SignatureRange, 3> birth_signatures{};
};

// Reads profiles, remembering the keys of names met before (the same
// names recur). Not thread-safe; one per thread.
class ProfileReader {
 public:
  // The profile of a person record. Errors only when ICU fails (Unavailable).
  Status Read(const palermo::v1::Record& person, Profile* out);
  // Adds an identifier record held by the profile's person.
  void AddIdentifier(const palermo::v1::Identifier& identifier, Profile* out);
  // The same with its comparable value (ComparableIdentifier) already made.
  void AddComparable(palermo::v1::IdentifierType type, std::string value, uint16_t country, Profile* out);

  // Until ResolveNames, names not met before are read later, all at once
  // on threads (ICU's transforms are most of the reading): Read gives them
  // keys that ResolveNames fills. For a whole store (ProfileCollector).
  void DeferNames() { defer_ = true; }
  // Reads the names deferred since DeferNames on `threads`, fills their
  // keys and stops deferring; then DropEmptyNames must be called on every
  // profile read since.
  Status ResolveNames(int threads);
  // Drops the names of `profile` that have no keys (no letters or digits,
  // or not readable: counted as Read counts them).
  void DropEmptyNames(Profile* profile);
  // Takes over `other`'s deferred names and counts (both deferring, neither
  // resolved), pointing `its_profiles` (read by `other`) at this reader's
  // keys where both met a name: readers of parts of a store read on
  // threads become one, and each name is read once.
  void Adopt(ProfileReader&& other, std::vector<Profile>* its_profiles);

  int64_t unreadable_names() const { return unreadable_names_; }
  int64_t unreadable_identifiers() const { return unreadable_identifiers_; }
  int64_t unreadable_clks() const { return unreadable_clks_; }

 private:
  // `turkish_record`: the record's names show Turkish letters (KeysOf).
  Status ReadNames(const google::protobuf::RepeatedPtrField<std::string>& written, bool turkish_record,
                   std::vector<NameValue>* out);

  // Open addressing (abseil's, which gRPC brings): a million profiles'
  // names probe it, and std::unordered_map's nodes cost a cache miss more.
  absl::flat_hash_map<std::string, std::shared_ptr<const NameKeys>> cache_;
  bool defer_ = false;
  // Keyed as CacheKey writes them: a name read as a Turkish record's
  // behind a mark.
  std::vector<std::pair<std::string, std::shared_ptr<NameKeys>>> deferred_;  // cache key, keys to fill
  absl::flat_hash_set<const NameKeys*> unreadable_;                        // of the deferred names
  int64_t unreadable_names_ = 0;
  int64_t unreadable_identifiers_ = 0;
  int64_t unreadable_clks_ = 0;
};

// Gathers the profiles of persons from records in any order (a store's
// stream, a parsed file), each with the identifier records it holds:
// identifiers are kept until Finish, when their holders are known.
class ProfileCollector {
 public:
  // The names are read at Finish on `threads` (ProfileReader::DeferNames).
  explicit ProfileCollector(ProfileReader* reader, int threads = 1) : reader_(reader), threads_(threads) {
    reader_->DeferNames();
  }
  // Room for `n` profiles, when about that many persons are coming: a
  // vector of a million profiles (400 MB) grown by doubling is copied and
  // its fresh pages faulted in about twice. Pages never written cost
  // nothing.
  void Reserve(size_t n) { profiles_.reserve(n); }
  // Takes one record: a person becomes a profile (`*person` true), an
  // identifier is kept for its holder, others are ignored.
  Status Add(const palermo::v1::Record& record, bool* person);
  // Appends what `other` (with its own reader, records after this one's)
  // has taken, before Finish: collectors of parts of a store read on
  // threads become one.
  void Merge(ProfileCollector&& other);
  // Reads the names, attaches each identifier to its holder's profile; the
  // profiles in the order their persons were added. Errors only when ICU
  // fails (Unavailable).
  Result<std::vector<Profile>> Finish();

 private:
  ProfileReader* reader_;
  int threads_;
  std::vector<Profile> profiles_;
  std::vector<palermo::v1::Identifier> identifiers_;
};

// The profiles of the persons of `records` (in record order), each with the
// identifier records of `records` it holds; `record_index`, when given, gets
// each profile's index in `records`.
Status ReadProfiles(const std::vector<palermo::v1::Record>& records, ProfileReader* reader,
                    std::vector<Profile>* profiles, std::vector<int32_t>* record_index = nullptr);

// The comparable value of an identifier (see IdentifierValue), or empty when
// it does not read. A phone is its national number (PhoneNationalNumber);
// one whose record says no country is read in `holder_region` (its
// holder's first nationality, HolderRegion) when it has no "+":
// "13950123381" of a Chinese crew member is 13950123381, not the North
// American 3950123381; one too long for that country is read as
// international ("252634401187" is 634401187).
std::string ComparableIdentifier(const palermo::v1::Identifier& identifier, std::string_view holder_region = {});
// The region phones of `person` without a country are read in: the first
// of its nationalities, or none.
std::string_view HolderRegion(const palermo::v1::Person& person);
std::string_view HolderRegion(const Profile& profile);

}  // namespace palermo::linkage
