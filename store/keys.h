// Key encoding of the store's column families. Integers are big-endian so
// that RocksDB's bytewise order is numeric order; signed integers have their
// sign bit flipped first, so negative times sort before positive ones.
//
//   family   key                                              value
//   -------  -----------------------------------------------  -------------------------
//   ids      global key "AGENCY/ID" (bytes)                   node id: u64(8)
//   nodes    node id: u64(8)                                  palermo.v1.Record
//   out      src: u64(8) | label: u8(1) | dst: u64(8)         palermo.v1.EdgeValue
//   in       dst: u64(8) | label: u8(1) | src: u64(8)         empty
//   time     seconds: i64(8, sign flipped) | node id: u64(8)  empty
//   ident    id type: u8(1) | normalized value | 0x00 | node id: u64(8)  empty
//   findings 'f' | type | 0x00 | subject | 0x00 | finding id  palermo.v1.Finding
//            'k' | key | 0x00 | the 'f' key without its tag    empty (by subject and linked keys)
//   audit    'e' | index: u64(8)                               leaf hash (32) | entry text (a JSON object)
//            'c' | tree size: u64(8)                           a signed checkpoint (C2SP note text)
//            'f' | 0: u64(8)                                   the tree's frontier at the last checkpoint
//                                                           (access::TreeFrontier::Encode), to go on from
//            (the audit log, services/audit_log.h: entry i is leaf i of an RFC 6962 tree)
//   meta     "schema" -> "1"; "next_id" -> u64(8); "imports" -> u64(8) (imports committed);
//            "findings_mark" -> u64(8) imports | rules fingerprint (what the findings reflect);
//            "linkage_mark" -> u64(8) imports | parameters fingerprint (what the linkage family reflects)
//            "projection_mark" -> u64(8) imports | fingerprint (what the projection family reflects)
//   staging  import: u64(8) | tag: u8(1) | rest               (see import.cc)
//   linkage  'b' | block hash: u64(8) | person: u64(8)         empty (blocking index: persons by blocking key)
//            'c' | person a: u64(8) | person b: u64(8), a < b  palermo.v1.LinkageCandidate (levels, no reasons)
//            'p' | person b: u64(8) | person a: u64(8)         empty (candidates by their second person)
//            'd' | person a: u64(8) | person b: u64(8), a < b  palermo.v1.LinkageDecision
//            'm'                                             palermo.v1.LinkageModel (the parameters scored with)
//            'n'                                             u64(8): the persons indexed
//   projection 'e' | via: u64(8) | u: u64(8) | v: u64(8) | kind: u8(1)
//                                                           first_s: i64(8) | last_s: i64(8) | agency
//            (an edge of the analytics projection: two parties, or a party and a location,
//            joined by the event, transaction or relation `via`; graph/projection.h)
//            'l' | via: u64(8) | subject: u64(8) | from: u64(8) | to: u64(8)
//                                                           first_s: i64(8) | last_s: i64(8) | agency
//            (a leg a person was moved along: an event with from and to locations)
//
// A block hash is SipHash-2-4 (libsodium's crypto_shorthash, a fixed key)
// of the blocking rule's index and the key's value: two keys that collide
// only make a pair that scoring then weighs, so 64 bits are plenty.
//
// Node ids are dense, allocated from 1 in import order; 0 is never used.
// Edge labels and identifier types are the palermo.v1 enum values: the
// proto says not to renumber them, because they are stored here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace palermo::store {

using NodeId = uint64_t;

inline constexpr size_t kIdSize = sizeof(uint64_t);
inline constexpr size_t kEdgeKeySize = kIdSize + 1 + kIdSize;
inline constexpr size_t kTimeKeySize = sizeof(int64_t) + kIdSize;
static_assert(kEdgeKeySize == 17, "edge keys are src(8) | label(1) | dst(8)");
static_assert(kTimeKeySize == 16, "time keys are seconds(8) | id(8)");

void PutFixed64BE(std::string* out, uint64_t value);
uint64_t DecodeFixed64BE(std::string_view in);  // in.size() >= 8
// Sign bit flipped, then big-endian.
void PutSigned64BE(std::string* out, int64_t value);
int64_t DecodeSigned64BE(std::string_view in);

std::string EncodeNodeKey(NodeId id);
NodeId DecodeNodeKey(std::string_view key);

// An edge key for the `out` family (first = src) or the `in` family
// (first = dst); the layout is the same.
std::string EncodeEdgeKey(NodeId first, uint8_t label, NodeId second);
struct EdgeKey {
  NodeId first;
  uint8_t label;
  NodeId second;
};
bool DecodeEdgeKey(std::string_view key, EdgeKey* out);
// The prefix of every edge key of `first`.
std::string EncodeEdgePrefix(NodeId first);

std::string EncodeTimeKey(int64_t seconds, NodeId id);

// A stored finding's place in the `findings` family. Its parts hold no
// 0x00 byte (ids, agencies and finding names cannot: the case format and
// the rule language refuse control characters).
struct FindingKey {
  std::string type;
  std::string subject;
  std::string id;
  bool operator==(const FindingKey&) const = default;
  // The order of the encoded keys: type, then subject, then id.
  auto operator<=>(const FindingKey&) const = default;
};
std::string EncodeFindingKey(const FindingKey& key);
bool DecodeFindingKey(std::string_view encoded, FindingKey* key);
// The prefix of every finding of `type` (every finding when empty).
std::string EncodeFindingTypePrefix(std::string_view type);
// The index entry of a finding under one of its keys (subject or linked),
// and the prefix of every entry of `key`.
std::string EncodeFindingIndexKey(std::string_view key, const FindingKey& finding);
std::string EncodeFindingIndexPrefix(std::string_view key);
// The finding an index entry points to.
bool DecodeFindingIndexKey(std::string_view encoded, FindingKey* finding);

// Linkage family keys (see the table above).
inline constexpr char kLinkageBlockTag = 'b';
inline constexpr char kLinkageCandidateTag = 'c';
inline constexpr char kLinkagePartnerTag = 'p';
inline constexpr char kLinkageDecisionTag = 'd';
inline constexpr char kLinkageModelKey[] = "m";
inline constexpr char kLinkagePersonsKey[] = "n";
inline constexpr size_t kLinkagePairKeySize = 1 + 2 * kIdSize;
static_assert(kLinkagePairKeySize == 17, "linkage pair keys are tag(1) | id(8) | id(8)");
// tag | first | second (a block entry: first = the block hash).
std::string EncodeLinkagePairKey(char tag, uint64_t first, uint64_t second);
// The same into *out (its content replaced, its memory reused): for the
// loops that write millions of keys.
void EncodeLinkagePairKey(char tag, uint64_t first, uint64_t second, std::string* out);
// tag | first: the prefix of every entry of `first`.
std::string EncodeLinkagePrefix(char tag, uint64_t first);
bool DecodeLinkagePairKey(std::string_view key, char* tag, uint64_t* first, uint64_t* second);

// Projection family keys (see the table above).
inline constexpr char kProjectionEdgeTag = 'e';
inline constexpr char kProjectionLegTag = 'l';
inline constexpr size_t kProjectionEdgeKeySize = 1 + 3 * kIdSize + 1;
inline constexpr size_t kProjectionLegKeySize = 1 + 4 * kIdSize;
static_assert(kProjectionEdgeKeySize == 26, "projection edge keys are tag(1) | via(8) | u(8) | v(8) | kind(1)");
static_assert(kProjectionLegKeySize == 33, "projection leg keys are tag(1) | via(8) | subject(8) | from(8) | to(8)");
std::string EncodeProjectionEdgeKey(NodeId via, NodeId u, NodeId v, uint8_t kind);
bool DecodeProjectionEdgeKey(std::string_view key, NodeId* via, NodeId* u, NodeId* v, uint8_t* kind);
std::string EncodeProjectionLegKey(NodeId via, NodeId subject, NodeId from, NodeId to);
bool DecodeProjectionLegKey(std::string_view key, NodeId* via, NodeId* subject, NodeId* from, NodeId* to);
// tag | via: the prefix of every edge (or leg) `via` makes.
std::string EncodeProjectionPrefix(char tag, NodeId via);

// Audit family keys (see the table above).
inline constexpr char kAuditEntryTag = 'e';
inline constexpr char kAuditCheckpointTag = 'c';
inline constexpr char kAuditFrontierTag = 'f';  // one key: EncodeAuditKey(kAuditFrontierTag, 0)
inline constexpr size_t kAuditKeySize = 1 + sizeof(uint64_t);
static_assert(kAuditKeySize == 9, "audit keys are tag(1) | index or size(8)");
// tag | number (an entry's index, a checkpoint's tree size).
std::string EncodeAuditKey(char tag, uint64_t number);
bool DecodeAuditKey(std::string_view key, char* tag, uint64_t* number);

std::string EncodeIdentKey(uint8_t type, std::string_view normalized_value, NodeId id);
// Identifier values compared across agencies: passports and plates in
// capitals without spaces or punctuation, phones as '+' and digits, emails
// and handles in lower case.
std::string NormalizeIdentifier(uint8_t type, std::string_view value);

}  // namespace palermo::store
