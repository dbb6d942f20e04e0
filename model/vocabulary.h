// The vocabulary every layer shares: global keys, the references a record
// makes (the graph's edges), and the names of the closed vocabularies
// (record kinds, edge labels, identifier and relation types) as the case
// format and the rules write them. No parsing, no storage: format/ reads
// and writes files with these words, store/ keys and indexes by them, the
// reasoner and findings describe records with them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "palermo/v1/model.pb.h"

namespace palermo::model {

// "AGENCY/ID".
std::string GlobalKey(std::string_view agency, std::string_view id);

// A reference from a record to another, as an edge of the graph.
struct Reference {
  palermo::v1::EdgeLabel label;
  const char* field;   // the case-format field it came from
  std::string target;  // global key
};

// Every reference a record makes, in field order.
std::vector<Reference> CollectReferences(const palermo::v1::Record& record);

// When an event or a transaction happened, as the interval [first_s,
// last_s] of Unix seconds: an event's date, else its start to its end (a
// side not given is INT64_MIN or INT64_MAX); a transaction's date. False
// for other records and for undated ones.
bool WhenOf(const palermo::v1::Record& record, int64_t* first_s, int64_t* last_s);

// Name tables: index = enum value, [0] (unspecified) is "".
inline constexpr std::array<const char*, 9> kKindNames = {
    "", "source", "person", "organization", "location", "identifier", "relation", "event", "transaction"};
inline constexpr std::array<const char*, 11> kEdgeLabelNames = {
    "", "subject", "actor", "from", "to", "at", "payer", "payee", "holder", "source", "for"};
inline constexpr std::array<const char*, 9> kIdentifierTypeNames = {
    "", "passport", "national_id", "phone", "email", "bank_account", "crypto_wallet", "vehicle_plate",
    "social_media"};
inline constexpr std::array<const char*, 9> kRelationTypeNames = {
    "", "member_of", "works_for", "associate_of", "family_of", "owns", "controls", "same_as", "different_from"};

// The value of `name` in `names`, or 0 when it is none of them.
template <size_t N>
int LookupName(const std::array<const char*, N>& names, std::string_view name) {
  for (size_t i = 1; i < N; ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return 0;
}

// "a, b, c": every name but the unspecified one.
template <size_t N>
std::string ListNames(const std::array<const char*, N>& names) {
  std::string out;
  for (size_t i = 1; i < N; ++i) {
    if (i > 1) out += ", ";
    out += names[i];
  }
  return out;
}

// The name of `value`, or "" when it has none.
template <size_t N>
const char* NameOf(const std::array<const char*, N>& names, int value) {
  return value > 0 && static_cast<size_t>(value) < N ? names[value] : "";
}

inline const char* KindName(palermo::v1::Kind kind) { return NameOf(kKindNames, kind); }
inline const char* EdgeLabelName(palermo::v1::EdgeLabel label) { return NameOf(kEdgeLabelNames, label); }
inline const char* IdentifierTypeName(palermo::v1::IdentifierType type) { return NameOf(kIdentifierTypeNames, type); }
inline const char* RelationTypeName(palermo::v1::RelationType type) { return NameOf(kRelationTypeNames, type); }
bool ParseKindName(std::string_view name, palermo::v1::Kind* kind);
bool ParseEdgeLabelName(std::string_view name, palermo::v1::EdgeLabel* label);

}  // namespace palermo::model
