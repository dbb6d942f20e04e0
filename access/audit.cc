#include "access/audit.h"

#include <algorithm>

namespace palermo::access {

AuditVerdict VerifyAuditLog(const std::vector<AuditEntry>& entries, const std::vector<std::string>& checkpoints,
                            const PublicKey& key) {
  AuditVerdict verdict;
  verdict.entries = entries.size();
  verdict.checkpoints = checkpoints.size();
  // Leaves by index, as the entries' texts hash now; a missing index gets
  // a zero hash, which no root over it can match.
  std::vector<Hash> leaves;
  uint64_t expected = 0;
  for (const AuditEntry& e : entries) {
    for (; expected < e.index; ++expected) {
      verdict.problems.push_back("entry " + std::to_string(expected) + " is missing");
      leaves.push_back(Hash{});
    }
    const Hash leaf = e.withheld ? e.stored_leaf : LeafHash(e.text);
    verdict.withheld += e.withheld;
    if (leaf != e.stored_leaf) {
      verdict.problems.push_back("entry " + std::to_string(e.index) +
                                 " was changed: its text does not match the hash stored when it was written");
    }
    leaves.push_back(leaf);
    expected = e.index + 1;
  }
  Checkpoint previous;
  bool have_previous = false;
  for (const std::string& note : checkpoints) {
    Result<Checkpoint> checkpoint = VerifyCheckpoint(note, kAuditLogName, key);
    if (!checkpoint.ok()) {
      verdict.problems.push_back("a checkpoint does not verify: " + checkpoint.status().message());
      continue;
    }
    const uint64_t size = checkpoint->size;
    const std::string which = "the checkpoint of " + std::to_string(size) + " entries";
    if (size > leaves.size()) {
      verdict.problems.push_back(which + " covers more than the " + std::to_string(expected) +
                                 " entries stored: entries " + std::to_string(expected) + " to " +
                                 std::to_string(size - 1) + " are missing");
      continue;
    }
    const std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(size));
    if (RootOf(prefix) != checkpoint->root) {
      const uint64_t from = have_previous ? previous.size : 0;
      verdict.problems.push_back(which + " does not match the entries stored: one of entries " + std::to_string(from) +
                                 " to " + std::to_string(size - 1) + " was changed, added or removed");
      continue;
    }
    if (have_previous && previous.size > 0 && previous.size <= size &&
        !VerifyConsistency(previous.size, size, previous.root, checkpoint->root,
                           ConsistencyProof(prefix, previous.size))) {
      verdict.problems.push_back(which + " is not consistent with the checkpoint of " +
                                 std::to_string(previous.size) + " entries before it");
    }
    verdict.covered = std::max(verdict.covered, size);
    previous = *checkpoint;
    have_previous = true;
  }
  return verdict;
}

}  // namespace palermo::access
