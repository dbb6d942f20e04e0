#include "services/audit_log.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>

#include "access/audit.h"
#include "common/encoding.h"
#include "format/json.h"
#include "store/keys.h"

namespace palermo::services {
namespace {

// The value stored under exactly `key` in the audit family, into *value
// (left empty when there is none).
Status ReadAuditValue(const store::Store& store, const std::string& key, std::optional<std::string>* value) {
  return store.ForEachAudit(key, "", [&](std::string_view, std::string_view v) {
    *value = std::string(v);
    return false;
  });
}

}  // namespace

void MakeDigests(AuditRecord* record) {
  if (record->request_pending) {
    record->request_digest = access::HexOf(access::Sha256Of({record->request_bytes}));
    record->request_pending = false;
    std::string().swap(record->request_bytes);
  }
  if (!record->reply_keys.empty()) {
    std::vector<std::string>& keys = record->reply_keys;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    record->keys = keys.size();
    access::Sha256 digest;
    for (const std::string& key : keys) {
      digest.Update(key);
      digest.Update("\n");
    }
    record->keys_digest = digest.HexDigest();
    std::vector<std::string>().swap(keys);
  }
}

std::string AuditEntryText(const AuditRecord& record, int64_t unix_ms) {
  // RFC 3339 with milliseconds: the seconds' text with ".mmm" before its Z.
  std::string time = UtcTimeText(unix_ms / 1000);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(unix_ms % 1000));
  if (!time.empty()) time.replace(time.size() - 1, 1, millis);
  std::string text = "{\"time\":\"" + time + "\"";
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"agency", &record.agency},
                                    {"analyst", &record.analyst},
                                    {"method", &record.method},
                                    {"request", &record.request_digest},
                                    {"outcome", &record.outcome}}) {
    text += ",\"" + std::string(name) + "\":";
    format::AppendJsonString(*value, &text);
  }
  text += ",\"keys\":" + std::to_string(record.keys) + ",\"keys_digest\":";
  format::AppendJsonString(record.keys_digest, &text);
  return text + "}";
}

AuditLog::AuditLog(store::Store* store, const access::SigningKey& key, AuditOptions options)
    : store_(store), key_(key), public_key_(access::PublicKeyOf(key)), options_(options) {}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(store::Store* store, const access::SigningKey& key,
                                                 AuditOptions options) {
  if (options.sync_interval_ms < 0) return Status::InvalidArgument("the audit log's sync interval is negative");
  std::unique_ptr<AuditLog> log(new AuditLog(store, key, options));
  // The tree goes on from the frontier stored with the last checkpoint
  // when that checkpoint is this key's and names the frontier's root, so
  // that a start reads only the entries after it; otherwise from every
  // entry stored. Either way with the leaves `palermo audit verify`
  // computes: an entry's text hashed, a missing entry's a zero hash. A
  // damaged log is reported, not refused: palermod goes on logging, and
  // verify names what was damaged (before the frontier, only verify sees
  // it).
  Status s = log->ResumeFromFrontier();
  if (!s.ok()) return s;
  const bool resumed = log->tree_.size() > 0;
  s = store->ForEachAudit(std::string(1, store::kAuditEntryTag),
                          store::EncodeAuditKey(store::kAuditEntryTag, log->tree_.size()),
                          [&](std::string_view k, std::string_view v) {
    char tag;
    uint64_t index;
    auto damaged = [&](const std::string& what) {
      if (log->damage_.empty()) log->damage_ = what;
    };
    if (!store::DecodeAuditKey(k, &tag, &index)) {
      damaged("a malformed audit key after entry " + std::to_string(log->tree_.size()));
      return true;
    }
    if (index > log->tree_.size()) damaged("audit entry " + std::to_string(log->tree_.size()) + " is missing");
    while (log->tree_.size() < index) log->tree_.Append(access::Hash{});
    if (v.size() < 32) damaged("audit entry " + std::to_string(index) + " is malformed");
    log->tree_.Append(access::LeafHash(v.size() < 32 ? v : v.substr(32)));
    return true;
  });
  if (s.ok() && !resumed) {
    s = store->ForEachAudit(std::string(1, store::kAuditCheckpointTag), "", [&](std::string_view k, std::string_view) {
      char tag;
      uint64_t size;
      if (store::DecodeAuditKey(k, &tag, &size)) log->checkpointed_ = size;
      return true;
    });
  }
  if (!s.ok()) return s;
  log->checkpointer_ = std::thread([raw = log.get()] { raw->CheckpointLoop(); });
  if (options.sync_interval_ms > 0) log->writer_ = std::thread([raw = log.get()] { raw->WriterLoop(); });
  return log;
}

Status AuditLog::ResumeFromFrontier() {
  std::optional<std::string> bytes;
  Status s = ReadAuditValue(*store_, store::EncodeAuditKey(store::kAuditFrontierTag, 0), &bytes);
  if (!s.ok() || !bytes) return s;  // a log older than frontiers is read whole
  access::TreeFrontier frontier;
  std::optional<std::string> note;
  if (access::TreeFrontier::Decode(*bytes, &frontier) && frontier.size() > 0) {
    s = ReadAuditValue(*store_, store::EncodeAuditKey(store::kAuditCheckpointTag, frontier.size()), &note);
    if (!s.ok()) return s;
  }
  Result<access::Checkpoint> checkpoint = access::VerifyCheckpoint(note.value_or(""), access::kAuditLogName, public_key_);
  if (checkpoint.ok() && checkpoint->size == frontier.size() && checkpoint->root == frontier.Root()) {
    tree_ = std::move(frontier);
    checkpointed_ = tree_.size();
  } else {
    damage_ = "the stored tree frontier is not that of a checkpoint signed with this key, so the tree was read "
              "again from every entry";
  }
  return Status::Ok();
}

AuditLog::~AuditLog() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  writer_wake_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  if (writer_.joinable()) writer_.join();  // it writes what is queued first
  Status s = Checkpoint();
  if (!s.ok()) std::fprintf(stderr, "palermod: the last audit checkpoint was not written: %s\n", s.message().c_str());
}

uint64_t AuditLog::size() const {
  std::lock_guard<std::mutex> lock(queue_mutex_);
  return written_count_;
}

Status AuditLog::Append(AuditRecord record) {
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  std::unique_lock<std::mutex> lock(queue_mutex_);
  if (!syncs_each()) {
    if (!failure_.ok()) return failure_;
    if (stopping_) return Status::Unavailable("the audit log is closing");
    queued_.push_back({std::move(record), now_ms});
    ++queued_count_;
    return Status::Ok();
  }
  Status outcome = Status::Ok();
  bool done = false;
  queued_.push_back({std::move(record), now_ms, &outcome, &done});
  ++queued_count_;
  while (!done) {
    if (writing_) {
      queue_changed_.wait(lock);
      continue;
    }
    // This caller writes everything queued, its own entry and others'.
    writing_ = true;
    std::vector<Queued> batch;
    const Status written = WriteQueued(lock, &batch);
    written_count_ += batch.size();
    for (const Queued& q : batch) {
      *q.outcome = written;
      *q.done = true;
    }
    writing_ = false;
    queue_changed_.notify_all();
  }
  return outcome;
}

Status AuditLog::WriteQueued(std::unique_lock<std::mutex>& lock, std::vector<Queued>* batch) {
  batch->swap(queued_);
  lock.unlock();
  Status written;
  {
    std::lock_guard<std::mutex> write_lock(write_mutex_);
    written = WriteBatch(batch);
  }
  lock.lock();
  return written;
}

Status AuditLog::WriteBatch(std::vector<Queued>* batch) {
  std::vector<std::pair<std::string, std::string>> puts;
  std::vector<access::Hash> leaves;
  uint64_t index = tree_.size();
  for (Queued& q : *batch) {
    MakeDigests(&q.record);  // once: a batch written again after a failure has them
    const std::string text = AuditEntryText(q.record, q.unix_ms);
    leaves.push_back(access::LeafHash(text));
    std::string value(reinterpret_cast<const char*>(leaves.back().data()), leaves.back().size());
    value += text;
    puts.emplace_back(store::EncodeAuditKey(store::kAuditEntryTag, index++), std::move(value));
  }
  if (Status s = store_->AppendAudit(puts); !s.ok()) return s;
  for (const access::Hash& leaf : leaves) tree_.Append(leaf);
  if (tree_.size() - checkpointed_ >= options_.checkpoint_entries) {
    // The entries are written whatever becomes of their checkpoint; the
    // next batch, or the checkpoint thread, tries it again.
    if (Status s = CheckpointLocked(); !s.ok()) {
      std::fprintf(stderr, "palermod: an audit checkpoint was not written: %s\n", s.message().c_str());
    }
  }
  return Status::Ok();
}

Status AuditLog::Checkpoint() {
  std::lock_guard<std::mutex> write_lock(write_mutex_);
  return CheckpointLocked();
}

Status AuditLog::CheckpointLocked() {
  if (tree_.size() == checkpointed_) return Status::Ok();
  access::Checkpoint checkpoint{access::kAuditLogName, tree_.size(), tree_.Root()};
  Result<std::string> note = access::SignCheckpoint(checkpoint, access::kAuditLogName, key_);
  if (!note.ok()) return note.status();
  // The frontier beside its checkpoint, in one write: the next start goes
  // on from it (Open).
  Status s = store_->AppendAudit({{store::EncodeAuditKey(store::kAuditCheckpointTag, checkpoint.size), *note},
                                  {store::EncodeAuditKey(store::kAuditFrontierTag, 0), tree_.Encode()}});
  if (s.ok()) checkpointed_ = checkpoint.size;
  return s;
}

Status AuditLog::Flush() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  if (syncs_each()) return Status::Ok();
  const uint64_t wanted = queued_count_;
  const uint64_t attempts = write_attempts_;
  // The writer goes now, before its interval ends, even after a failure:
  // until it has written the entries, or failed on a try of its own.
  while (written_count_ < wanted && !stopping_ && (failure_.ok() || write_attempts_ == attempts)) {
    flush_wanted_ = true;
    writer_wake_.notify_one();
    writer_wanted_.wait(lock);
  }
  if (written_count_ >= wanted) return Status::Ok();
  return failure_.ok() ? Status::Unavailable("the audit log is closing") : failure_;
}

void AuditLog::WriterLoop() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  while (true) {
    writer_wake_.wait_for(lock, std::chrono::milliseconds(options_.sync_interval_ms),
                          [this] { return stopping_ || flush_wanted_; });
    const bool stopping = stopping_;  // what is queued now is the last to write
    flush_wanted_ = false;
    if (!queued_.empty()) {
      std::vector<Queued> batch;
      const Status written = WriteQueued(lock, &batch);
      if (written.ok()) {
        written_count_ += batch.size();
      } else {
        // Kept ahead of what was queued meanwhile, to be written again
        // next time; Append refuses while failure_ says why.
        if (failure_.ok()) {
          std::fprintf(stderr, "palermod: the audit log cannot be written, calls are refused until it can: %s\n",
                       written.message().c_str());
        }
        batch.insert(batch.end(), std::make_move_iterator(queued_.begin()), std::make_move_iterator(queued_.end()));
        queued_.swap(batch);
      }
      failure_ = written.ok() ? Status::Ok()
                              : Status::Unavailable("the audit log cannot be written: " + written.message());
      ++write_attempts_;
      if (!written.ok()) flush_wanted_ = false;  // a Flush waiting now takes the failure; next try after the interval
      writer_wanted_.notify_all();
    }
    if (stopping) {
      if (!queued_.empty()) {
        std::fprintf(stderr, "palermod: %zu audit entries were not written at stop: %s\n", queued_.size(),
                     failure_.message().c_str());
      }
      break;
    }
  }
}

void AuditLog::CheckpointLoop() {
  std::unique_lock<std::mutex> lock(queue_mutex_);
  while (!stopping_) {
    stop_changed_.wait_for(lock, std::chrono::seconds(options_.checkpoint_seconds));
    if (stopping_) break;
    lock.unlock();
    Status s = Checkpoint();
    if (!s.ok()) std::fprintf(stderr, "palermod: an audit checkpoint was not written: %s\n", s.message().c_str());
    lock.lock();
  }
}

}  // namespace palermo::services
