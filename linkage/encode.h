// `palermo linkage encode`: a case file (docs/CASE-FORMAT.md) with every
// person's identifying fields replaced by one CLK (linkage/clk.h), so that
// an agency that may not share names can still take part in linkage
// (docs/LINKAGE.md, "Encoded linkage (CLKs)").
//
// What the output holds, record by record, in input order:
//  - a person: `names` becomes the one placeholder kEncodedName (the format
//    requires a name); `given_names`, `family_names`, `father_names`,
//    `birth_date`, `addresses` and `postcode` are removed, and the extra
//    field `clk` (base64) holds their encoding with the values of the
//    identifiers the person holds; unless EncodeOptions::signatures is
//    off, the extra field `clk_blocks` holds the signatures of its clear
//    blocking keys (linkage/signatures.h). Everything else (sex, nationalities,
//    residences, stated ages, handling, extras) is written as it came.
//  - an identifier whose `holder` is a person of the file: its value went
//    into that person's CLK and the record is dropped (the format requires a
//    `value`, so it cannot stay without one). A record of the file that
//    refers to a dropped identifier (a relation `owns`, say) is an error on
//    its line and field: the output must not refer to a record it lacks.
//  - an identifier whose holder is not a record of the file: an error on its
//    line (field `holder`), since it cannot be told whether the holder is a
//    person; move the identifier into the holder's file or drop it.
//  - every other record (organisations' identifiers, identifiers without a
//    holder, events, ...) as it came.
// The output imports as any case file: `clk` is kept as an extra property.
//
// How a person's fields become the schema's values (DefaultPersonSchema()'s
// identifiers; a custom schema may use any of them, in any order, and ignored
// features): names, name parts and addresses through name keys' general
// spelling (linkage/name_keys.h: any script to lower-case ASCII, so that
// محمد and Mohamed can meet), several joined by a space; given_name: the
// given names; family_name: the family names, then the father names;
// full_name: the names; birth_date: a date of one day, month or year as
// YYYYMMDD, YYYYMM or YYYY (an interval is left out); postcode: upper case
// without spaces; address: the addresses; identifiers: "type:VALUE" for each
// identifier held (document numbers through DocumentNumberKey, phones through
// their national numbers, PhoneNationalNumber, when they read, e-mail in
// lower case), sorted, space-separated.
// An agency encoding with clkhash directly must feed the same strings.
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "linkage/clk.h"
#include "palermo/v1/model.pb.h"

namespace palermo::linkage {

inline constexpr char kEncodedName[] = "(encoded)";

// A secret shorter than this is refused.
inline constexpr size_t kMinSecretBytes = 16;

// The secret as read from a file: its bytes with one trailing "\n" (or
// "\r\n") removed. InvalidArgument when it is shorter than kMinSecretBytes
// (an empty file included), IoError when the file cannot be read.
[[nodiscard]] Result<std::string> ReadSecretFile(const std::string& path);

struct EncodeOptions {
  // The agency of records that name none (as the importer's default agency).
  std::string default_agency;
  // Writes each person's blocking signatures (linkage/signatures.h) in the
  // extra field `clk_blocks`, so that the service blocks on them. Off for a
  // project whose partners encode with clkhash (which makes none): then
  // every agency's CLKs are blocked by their bits (ClkBlockKeys).
  bool signatures = true;
  // Threads persons are encoded on; the output does not depend on it.
  int threads = 2;
};

struct EncodeSummary {
  int64_t lines = 0;
  int64_t records_written = 0;
  int64_t persons_encoded = 0;
  int64_t identifiers_folded = 0;  // identifier records dropped into a CLK
  int64_t birth_dates_left_out = 0;  // intervals, not encoded
  int64_t signatures = 0;            // blocking signatures written, all persons
};

// Reads the whole case file from `in`, then writes the encoded file to `out`
// (one record per line, format/'s writer). On any error nothing is written
// and the InvalidArgument carries every diagnostic (line, field, reason), as
// the importer's would for a parse error. The secret must be at least
// kMinSecretBytes long. `summary` may be null.
[[nodiscard]] Status EncodeCaseFile(std::istream& in, std::ostream& out, const ClkSchema& schema,
                                    std::string_view secret, const EncodeOptions& options,
                                    EncodeSummary* summary);

// The values of `schema`'s fields for one person and the identifiers it
// holds, as described above. InvalidArgument naming the feature when the
// schema has a feature Palermo does not know how to fill.
[[nodiscard]] Result<std::vector<std::string>> PersonClkValues(
    const ClkSchema& schema, const palermo::v1::Person& person,
    const std::vector<const palermo::v1::Identifier*>& identifiers, bool* birth_date_left_out = nullptr);

}  // namespace palermo::linkage
