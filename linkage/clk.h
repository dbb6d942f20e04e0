// Encoded linkage (issue #10, "Privacy-preserving mode"): cryptographic
// long-term keys (CLKs, Schnell et al. 2011), Bloom filters into which a
// person's identifying fields are hashed with a secret shared by the agencies
// of one linkage project, so that records can be compared (Dice) without
// exchanging names.
//
// Interoperable with clkhash (data61/clkhash, linkage schema v3): for the
// same schema, secret and field strings EncodeClk gives clkhash's bits, byte
// for byte (tests/linkage/clk_test.cc reproduces two of clkhash's published
// encodings). What clkhash does, and so what this does:
//  - keys: HKDF (RFC 5869; SHA256 or SHA512, salt and info from the schema,
//    absent = empty) of the secret gives 2 x (number of features, ignored ones
//    included) keys of `key_size` bytes; feature i takes keys 2i and 2i+1.
//  - tokens: a feature's value (after its format: integers canonical,
//    dates as YYYYMMDD, a missing-value sentinel replaced) is cut into
//    n-grams of Unicode code points, padded with n-1 spaces at both ends,
//    positional ones written "POS GRAM" (1-based); `exact` is the whole value;
//    an empty value gives no token. No case folding: clkhash's `case` only
//    validates.
//  - bits: each token is inserted k times (bitsPerToken: k; bitsPerFeature:
//    the feature's bits spread over its tokens, the first ones one more).
//    blakeHash: BLAKE2b-512 keyed with the feature's first key, salt "0",
//    "1", ... (one MAC per 32 insertions), the digest read as 32
//    little-endian uint16, each modulo the filter length. doubleHash
//    (Schnell): g_i = (HMAC-SHA1(key1) + i HMAC-MD5(key2)) mod length, the
//    digests read as big-endian integers.
//  - layout: bit j of the filter is bit (7 - j % 8) of byte j / 8 (bitarray's
//    big-endian order); `xor_folds` halves it that many times by XOR of its
//    halves, so the filter is built `l << xor_folds` bits long; base64 is the
//    standard alphabet with padding.
//
// Balancing (Berger and Schnell) is not in clkhash: `balanced` appends the
// complement and shuffles the 2l bits with a permutation keyed by the secret
// (a Palermo extension, recorded in the schema JSON as "palermoBalanced";
// clkhash does not read it, anonlink compares the bits all the same).
//
// Threads: every function may be called from any number of threads
// (libsodium is initialised once, by the first call that needs it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace palermo::linkage {

// A CLK: the filter's bytes, bit j in byte j / 8 at mask 0x80 >> (j % 8).
using Clk = std::vector<uint8_t>;

enum class ClkHash { kBlake, kDouble };                  // "blakeHash", "doubleHash"
enum class ClkComparison { kNgram, kExact };             // "ngram", "exact"
enum class ClkFormat { kString, kInteger, kDate, kEnum };  // format.type

// One feature (column) of a schema, in the order values are given.
struct ClkField {
  std::string identifier;
  bool ignored = false;  // takes its keys, sets no bit
  ClkFormat format = ClkFormat::kString;
  std::string date_format;  // kDate: strptime directives %Y %m %d, %% and literals
  ClkComparison comparison = ClkComparison::kNgram;
  int ngram = 2;            // n of n-grams, >= 1
  bool positional = false;  // "POS GRAM" tokens
  // Exactly one of the two is > 0.
  int bits_per_token = 0;
  int bits_per_feature = 0;
  ClkHash hash = ClkHash::kBlake;
  bool prevent_singularity = false;  // doubleHash only
  std::optional<std::string> missing_sentinel;  // a value equal to it is replaced
  std::string missing_replace_with;             // (default: the sentinel)
};

struct ClkSchema {
  int l = 1024;       // bits of the CLK after folding (a multiple of 8)
  int xor_folds = 0;  // blakeHash needs l << xor_folds a power of two
  std::string kdf_hash = "SHA256";  // or "SHA512"
  std::vector<uint8_t> kdf_salt;    // empty: none
  std::vector<uint8_t> kdf_info;    // empty: none
  int kdf_key_size = 64;            // bytes per derived key; blakeHash takes at most 64
  bool balanced = false;            // Palermo extension: 2l bits, popcount l
  std::vector<ClkField> fields;
};

// Reads a clkhash linkage schema, version 3 (clkhash's schemas/v3.json):
// {"version":3,"clkConfig":{"l":..,"xor_folds"|"xorFolds":..,"kdf":{"type":
// "HKDF","hash":..,"salt":BASE64,"info":BASE64,"keySize":..}},"features":[..]}.
// Errors name the place: `features[2].hashing.strategy: ...`. Refused
// (InvalidArgument) beyond the JSON being wrong: other versions, numeric
// comparisons, encodings other than utf-8/ascii, date directives other than
// %Y %m %d. Format checks clkhash makes before hashing (pattern, case,
// lengths, enum values) are not made: a value is hashed as given.
[[nodiscard]] Result<ClkSchema> ParseSchemaV3(std::string_view json);

// The schema as clkhash v3 JSON (one line), readable by ParseSchemaV3 and by
// clkhash: what an agency sends its partner with the project's secret.
std::string SchemaV3Json(const ClkSchema& schema);

// The features Palermo encodes a person with, in this order (each an
// n-gram string feature with bitsPerToken, blakeHash, HKDF-SHA256 without
// salt or info, l 1024, no folding): given_name, family_name (bigrams, 8 bits
// per token), full_name (bigrams, 6: it repeats the parts, at a lower weight,
// so that a record with whole names only still meets one with parts),
// birth_date (positional unigrams of YYYYMMDD, 12), postcode (positional
// unigrams, 12), address (bigrams, 10), identifiers (bigrams of "TYPE:VALUE
// ...", 10). A FEBRL4 person sets about 520 of the 1024 bits.
// linkage/encode.h says how a person's fields become these strings.
ClkSchema DefaultPersonSchema();

// Encodes one record: `values` in schema order (one per field, ignored ones
// included; "" for none). InvalidArgument naming the field for a value its
// format refuses (an integer field with "12a") or invalid UTF-8, and for a
// schema this cannot run (blakeHash with l not a power of two...).
[[nodiscard]] Result<Clk> EncodeClk(const ClkSchema& schema, const std::vector<std::string>& values,
                                    std::string_view secret);

// A key of `length` bytes for a purpose of its own: HKDF-SHA256 of `secret`
// without salt, with `info` naming the purpose (keys of two purposes are
// independent). Unavailable when OpenSSL has no HKDF.
[[nodiscard]] Result<std::vector<uint8_t>> DeriveKey(std::string_view secret, std::string_view info, size_t length);

// Standard base64 with padding (clkhash's serialisation).
std::string ClkToBase64(const Clk& clk);
[[nodiscard]] Result<Clk> ClkFromBase64(std::string_view text);

int Popcount(const Clk& clk);
// Dice coefficient 2|a & b| / (|a| + |b|); 0 when both are empty or their
// lengths differ (CLKs of different schemas are not comparable).
double Dice(const Clk& a, const Clk& b);

// Blocking keys for CLKs by Hamming bit sampling (LSH): band b samples
// `bits_per_band` bit positions drawn from a generator seeded with `seed` and
// b (the same positions for every CLK of that length and seed); its key is
// "b:" and the sampled bits as hex. Two CLKs whose bits agree at a fraction
// p of positions share a band's key with probability p^bits_per_band, so at
// least one of `bands` keys with 1 - (1 - p^r)^bands. Defaults in
// ClkBlockingOptions (measured on FEBRL4 in docs/LINKAGE.md).
std::vector<std::string> ClkBlockKeys(const Clk& clk, int bands, int bits_per_band, uint64_t seed);

// Many bands of many bits: a matching pair (Dice about 0.7 or more at
// popcount l / 2, bits agreeing at 0.7 to 1) meets in at least one band,
// unrelated CLKs (agreeing at about 0.59 on FEBRL4) almost never do. Each
// further bit per band multiplies unrelated pairs by about 0.59 and matching
// ones by their p: for files much larger than FEBRL4's 5,000 records, raise
// bits_per_band by about log2(n / 5000) and bands so that completeness holds
// (measure). Every CLK gets `bands` keys.
struct ClkBlockingOptions {
  int bands = 600;
  int bits_per_band = 22;
  uint64_t seed = 0x70616c65726d6fULL;  // "palermo"
};

// ClkBlockKeys with `options`.
std::vector<std::string> ClkBlockKeys(const Clk& clk, const ClkBlockingOptions& options);

// Dice above which two CLKs of DefaultPersonSchema() are taken for the same
// person by the greedy one-to-one assignment (measured on FEBRL4).
inline constexpr double kDefaultClkMatchThreshold = 0.70;

}  // namespace palermo::linkage
