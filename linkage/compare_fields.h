// The comparisons of two persons' fields other than names, each giving
// its level (linkage/levels.h) or kNull when either lacks the field: what
// CompareProfiles (linkage/scoring.h) reads besides names. Internal to
// linkage/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "linkage/levels.h"
#include "linkage/profile.h"

namespace palermo::linkage {

// Passports and national ids: compared as documents (CompareDocuments).
bool IsDocument(palermo::v1::IdentifierType type);
// Phones, e-mails, social media, wallets and bank accounts: contacts.
bool IsContact(palermo::v1::IdentifierType type);

// Whether `s` and `t` differ in one character, or in two adjacent ones
// swapped (the typing errors FEBRL makes in dates and postcodes).
bool OneCharacterApart(std::string_view s, std::string_view t);

// The best agreement of any address of `a` with any of `b`, by the share of
// words they share (Jaccard).
int8_t CompareAddresses(const Profile& a, const Profile& b, std::string* a_value, std::string* b_value);

// Whether one of `p`'s addresses writes its postcode, spaces and case
// aside ("Sidcup DA15 7AB" writes DA157AB).
bool PostcodeWritten(const Profile& p);

// The birth dates' level (levels.h kDate*): the spans of the two dates (a
// day, a month, a year, an interval, an age stated on a date) against each
// other, a placeholder day read as its year, typing errors.
int8_t CompareBirth(const Profile& a, const Profile& b);

// kEqual when the two share a value of a type of `kind`, kDiffer when both
// have values of one such type and share none (phones recorded in two
// countries excepted: a new SIM after a crossing), else null.
int8_t CompareIdentifiers(const Profile& a, const Profile& b, bool (*kind)(palermo::v1::IdentifierType));

// The documents' level: equal when the two share a number of one type;
// else, over the numbers of one type and state (or a state not said) that
// differ, the most favourable of: a typo apart (TypoApart: 04128976 and
// 04129876, MF123456 and MF128456), a conflict (passports, renewed or
// lost and replaced; national ids a typo or two apart), national ids that
// are other numbers (a person's for life: another person's); else null.
// Two states' passports are no conflict. Consecutive numbers are a
// conflict: twins' passports are issued together (C5120039, C5120040).
// `issued_together` (may be null) gets whether the two hold documents of
// one type and state, none equal, whose numbers were issued together (1 to
// 8 apart, the same but for their digits): twins' or siblings' passports
// or national ids, whose shared phone or address is a household's.
int8_t CompareDocuments(const Profile& a, const Profile& b, bool* issued_together = nullptr);

// The identifiers of `p` of a kind, as the reasons show them ("passport
// P03911842, national_id 12345").
std::string Ids(const Profile& p, bool (*kind)(palermo::v1::IdentifierType));

}  // namespace palermo::linkage
