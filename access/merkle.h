// The audit log's tree (issue #12, "Audit log"): RFC 6962 Merkle tree
// hashing, as Certificate Transparency and Trillian use it, and the signed
// checkpoints a log publishes (C2SP tlog-checkpoint in a C2SP signed note,
// Ed25519). These are the log's mathematics only: the audit family that
// stores entries and checkpoints is services/audit_log.h; access/audit.h
// checks a log against its checkpoints.
//
// Hashes (SHA-256, access/sha256.h): a leaf is SHA-256(0x00 || entry), an
// inner node SHA-256(0x01 || left || right); the tree of n leaves splits
// at the largest power of two below n (RFC 6962 section 2.1); the empty
// tree's hash is SHA-256 of nothing. Proofs and their checks follow RFC
// 9162 sections 2.1.3 and 2.1.4 (which restate RFC 6962's).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/sha256.h"
#include "access/token.h"
#include "common/status.h"

namespace palermo::access {

Hash LeafHash(std::string_view entry);
Hash NodeHash(const Hash& left, const Hash& right);
// MTH of the leaves' hashes (in order).
Hash RootOf(const std::vector<Hash>& leaves);

// The root of a growing tree in O(log n) memory: the hashes of the
// perfect subtrees the leaves so far split into (RFC 6962's split, largest
// first), the compact range Trillian keeps.
class TreeFrontier {
 public:
  void Append(const Hash& leaf);
  uint64_t size() const { return size_; }
  // MTH of the leaves appended so far (RootOf(all of them)).
  Hash Root() const;

  // The frontier as bytes, so that a log goes on from it without reading
  // its leaves again: per subtree, largest first, its leaves (u64
  // big-endian) and its hash (32 bytes).
  std::string Encode() const;
  // The frontier `bytes` encode; false (and *out unchanged) unless the
  // subtrees' sizes are distinct, decreasing powers of two, as Append makes
  // them.
  static bool Decode(std::string_view bytes, TreeFrontier* out);

 private:
  std::vector<std::pair<uint64_t, Hash>> subtrees_;  // (leaves, hash), sizes decreasing
  uint64_t size_ = 0;
};

// PATH(index, D[n]) of the n = leaves.size() leaves: the hashes that lead
// from leaf `index` to the root (index < n).
std::vector<Hash> InclusionProof(const std::vector<Hash>& leaves, uint64_t index);
bool VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf, const std::vector<Hash>& proof, const Hash& root);

// PROOF(m, D[n]): that the tree of the first m leaves is a prefix of the
// tree of all n (0 < m <= n).
std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaves, uint64_t m);
bool VerifyConsistency(uint64_t m, uint64_t n, const Hash& root_m, const Hash& root_n, const std::vector<Hash>& proof);

// A checkpoint: the log's origin line, its size and root.
struct Checkpoint {
  std::string origin;  // e.g. "palermo.example/audit"; no newline
  uint64_t size = 0;
  Hash root{};
};

// The checkpoint's text, "ORIGIN\nSIZE\nBASE64(ROOT)\n" (C2SP tlog-checkpoint).
std::string CheckpointBody(const Checkpoint& checkpoint);

// The body as a C2SP signed note: the body, a blank line and
// "— NAME BASE64(KEY_ID || SIGNATURE)\n", where KEY_ID is the first four
// bytes of SHA-256(NAME || "\n" || 0x01 || public key) and the signature
// is Ed25519's over the body. `name` has no space, '+' or newline.
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view name, const SigningKey& key);

// The checkpoint of a signed note when a signature line of `name` verifies
// with `key` (other signers' lines are ignored); InvalidArgument saying
// what is wrong otherwise.
Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view name, const PublicKey& key);

}  // namespace palermo::access
