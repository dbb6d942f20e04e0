// Checking an audit log (issue #12, "Audit log"; docs/ACCESS.md): its
// entries against the hashes stored with them and against the signed
// checkpoints, and the checkpoints against one another. palermod writes
// the log (services/audit_log.h); `palermo audit verify` reads it over
// gRPC and checks it here, with the log's public key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access/merkle.h"
#include "access/sha256.h"

namespace palermo::access {

// The name audit checkpoints are signed under, and the first line of
// their body (C2SP signed note and tlog-checkpoint).
inline constexpr char kAuditLogName[] = "palermo-audit";

// One stored entry: its index (leaf number), text, and the leaf hash
// stored with it when it was written.
struct AuditEntry {
  uint64_t index = 0;
  std::string text;
  Hash stored_leaf{};
  bool withheld = false;  // another agency's: no text, the stored hash is the leaf
};

struct AuditVerdict {
  std::vector<std::string> problems;  // each names the entry or checkpoint; empty: the log verifies
  uint64_t entries = 0;
  uint64_t checkpoints = 0;
  uint64_t covered = 0;  // entries covered by the largest checkpoint that verifies
  uint64_t withheld = 0;  // entries checked by their stored hash only
};

// Checks `entries` (in index order) and `checkpoints` (signed notes, in
// tree-size order) with `key`:
// - the indices run 0, 1, 2, ...: a gap is "entry N is missing";
// - each entry's text hashes to its stored leaf hash: else "entry N was
//   changed" (a withheld entry's stored hash is taken as its leaf);
// - each checkpoint's signature verifies, its size is at most the entries
//   stored, and the root of the first `size` entries is its root: else it
//   is named with the range of entries it fails for;
// - each checkpoint is consistent with the one before (RFC 6962 proof).
AuditVerdict VerifyAuditLog(const std::vector<AuditEntry>& entries, const std::vector<std::string>& checkpoints,
                            const PublicKey& key);

}  // namespace palermo::access
