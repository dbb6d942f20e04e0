// The audit log (issue #12, "Audit log"; docs/ACCESS.md, "Audit"): every
// call palermod answers, allowed or refused, as one entry appended to the
// store's `audit` family before the reply leaves (store/keys.h), each
// entry a leaf of an RFC 6962 Merkle tree (access/merkle.h), with signed
// checkpoints (C2SP, Ed25519) every N entries or S seconds and when
// palermod stops. Entries are never deleted by palermod.
//
// Appends are group-committed, in one of two ways (AuditOptions):
// - synced each (the default): callers queue their entries, one of them
//   writes every queued entry in one synced RocksDB write, and each
//   returns once its entry is on disk;
// - with a sync interval: a caller's entry takes its place in the log in
//   palermod's memory and the caller returns at once; a writer thread
//   writes and syncs the queued entries every interval, in one write. A
//   crash loses at most the entries of the last interval and of the write
//   under way. While a write fails, Append refuses (the call is then
//   answered UNAVAILABLE), the queued entries are kept and the writer
//   tries again every interval (and on Flush); they are lost if palermod
//   stops before a write succeeds.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "access/merkle.h"
#include "access/token.h"
#include "common/status.h"
#include "store/store.h"

namespace palermo::services {

// What an entry says. Digests are hex SHA-256; empty when there is nothing.
struct AuditRecord {
  std::string agency;   // the caller's (the certificate's), or "" when unknown
  std::string analyst;  // the token's, or ""
  std::string method;   // "/package.Service/Method"
  std::string request_digest;  // of the request messages as received
  std::string outcome;         // "OK", "started" (a stream's first reply), or "CODE: message"
  uint64_t keys = 0;           // global keys in the reply
  std::string keys_digest;     // of those keys, sorted, one per line
  // Or what the two digests are made of, for the log to make them when it
  // writes the entry (with a sync interval, off the caller's thread):
  // `request_bytes`, the one request message as received, when
  // `request_pending` (an empty message has a digest too); `reply_keys`,
  // the reply's global keys in any order and repeated, when there are any
  // (`keys` is then their distinct count).
  bool request_pending = false;
  std::string request_bytes;
  std::vector<std::string> reply_keys;
};

// Makes the digests (and the count of keys) a record left pending.
void MakeDigests(AuditRecord* record);

// The entry's text: one JSON object with the time (RFC 3339 UTC,
// milliseconds) and every field of `record`.
std::string AuditEntryText(const AuditRecord& record, int64_t unix_ms);

struct AuditOptions {
  uint64_t checkpoint_entries = 1000;  // a checkpoint after this many new entries
  int checkpoint_seconds = 10;         // or this long after a new entry
  // 0: each batch is synced to disk before its calls reply. N > 0: the
  // entries are queued before their calls reply and written and synced
  // every N milliseconds.
  int sync_interval_ms = 0;
};

class AuditLog {
 public:
  // Reads the stored entries (to go on from the tree they make) and starts
  // the checkpoint thread. `store` must outlive the log.
  static Result<std::unique_ptr<AuditLog>> Open(store::Store* store, const access::SigningKey& key,
                                                AuditOptions options);
  // Writes what is queued and a last checkpoint, and stops the threads.
  ~AuditLog();

  // Appends an entry (its time is now); returns once it is on disk, or,
  // with a sync interval, once it is queued: its digests and text are
  // made when the batch is written.
  Status Append(AuditRecord record);
  // Returns once every entry appended before the call is on disk (at once
  // when each is synced): readers of the log see every call before theirs.
  // With a sync interval the writer tries at once, also after a failure;
  // its failure is returned.
  Status Flush();
  // Signs and stores a checkpoint of every entry so far, unless the last
  // one covers them all.
  Status Checkpoint();

  const access::PublicKey& public_key() const { return public_key_; }
  // Whether Append waits for the disk (no sync interval).
  bool syncs_each() const { return options_.sync_interval_ms <= 0; }
  // What Open found wrong with the stored entries (a missing or malformed
  // one), or "": palermod warns and goes on.
  const std::string& damage() const { return damage_; }
  uint64_t size() const;

 private:
  // An entry waiting to be written, and (synced each) where its writer
  // puts the outcome.
  struct Queued {
    AuditRecord record;
    int64_t unix_ms = 0;
    Status* outcome = nullptr;
    bool* done = nullptr;
  };
  AuditLog(store::Store* store, const access::SigningKey& key, AuditOptions options);
  // Takes the stored frontier as the tree when the checkpoint of its size
  // verifies with this log's key and has its root; notes damage when not.
  Status ResumeFromFrontier();
  // Takes everything queued into *batch (empty before) and writes it, with
  // `lock` (on queue_mutex_) released meanwhile and held again after.
  Status WriteQueued(std::unique_lock<std::mutex>& lock, std::vector<Queued>* batch);
  // Writes `batch` as the next entries (their digests and texts made
  // first), synced; under write_mutex_.
  Status WriteBatch(std::vector<Queued>* batch);
  Status CheckpointLocked();
  void CheckpointLoop();
  // With a sync interval: writes what is queued every interval, when a
  // Flush asks, and at stop.
  void WriterLoop();

  store::Store* store_;
  access::SigningKey key_;
  access::PublicKey public_key_;
  AuditOptions options_;

  std::mutex write_mutex_;  // held by the writer of a batch and by checkpoints
  access::TreeFrontier tree_;
  uint64_t checkpointed_ = 0;  // the size the last checkpoint covers
  std::string damage_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_changed_;  // a batch was written
  std::condition_variable stop_changed_;   // the log is stopping
  std::condition_variable writer_wake_;    // with a sync interval: the writer waits
  std::condition_variable writer_wanted_;  // and a Flush waits for it
  bool flush_wanted_ = false;
  std::vector<Queued> queued_;
  uint64_t queued_count_ = 0;   // entries ever queued
  uint64_t written_count_ = 0;  // entries ever written (synced each: or whose write failed)
  uint64_t write_attempts_ = 0;  // with a sync interval: the writer's writes, failed or not
  Status failure_ = Status::Ok();  // with a sync interval: the last write's, until one succeeds
  bool writing_ = false;
  bool stopping_ = false;
  std::thread checkpointer_;
  std::thread writer_;  // with sync_interval_ms
};

}  // namespace palermo::services
