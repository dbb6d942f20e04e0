// The audit log (services/audit_log.h) on a real store: across restarts a
// log goes on from the frontier stored with its last checkpoint, without
// reading older entries again, and from every entry when that frontier is
// not the signed one; with a sync interval, entries wait in order until
// the writer, a Flush or the close writes them.
#include "services/audit_log.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "access/audit.h"
#include "store/keys.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::services {
namespace {

using palermo::testing::OpenStore;
using palermo::testing::TempDir;

// The real store, whose audit writes fail while `failing` is set (as a
// full disk or a RocksDB error would make them): everything else goes to
// the store as it is.
class AuditWritesFail final : public store::Store {
 public:
  explicit AuditWritesFail(store::Store* store) : store_(store) {}
  std::atomic<bool> failing{false};

  Status AppendAudit(const std::vector<std::pair<std::string, std::string>>& entries) override {
    if (failing) return Status::IoError("no space left on device (injected)");
    return store_->AppendAudit(entries);
  }
  Status ForEachAudit(std::string_view prefix, std::string_view start,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const override {
    return store_->ForEachAudit(prefix, start, fn);
  }
  std::shared_ptr<const store::View> Snapshot() const override { return store_->Snapshot(); }
  Result<std::unique_ptr<store::Import>> BeginImport() override { return store_->BeginImport(); }
  Status WriteFindings(const store::FindingsUpdate& update) override { return store_->WriteFindings(update); }
  Status WriteDerived(store::DerivedFamily family, const store::DerivedUpdate& update) override {
    return store_->WriteDerived(family, update);
  }
  Result<std::unique_ptr<store::DerivedLoad>> BeginDerivedLoad(store::DerivedFamily family) override {
    return store_->BeginDerivedLoad(family);
  }
  store::StoreMemory Memory() const override { return store_->Memory(); }
  uint64_t SubscribeImports(store::ImportListener listener) override {
    return store_->SubscribeImports(std::move(listener));
  }
  void UnsubscribeImports(uint64_t id) override { store_->UnsubscribeImports(id); }

 private:
  store::Store* store_;
};

class AuditLogOnAStore : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(access::WriteKeyPair(keys_.path(), "audit-signing").ok());
    auto key = access::ReadSigningKey(keys_.path() + "/audit-signing.key");
    ASSERT_TRUE(key.ok());
    key_ = *key;
    store_ = OpenStore(data_.path());
  }

  // Appends `count` entries through a log opened now, closed after (its
  // last checkpoint then covers them); returns what Open found damaged.
  std::string AppendThroughALog(int count) {
    AuditOptions options;
    options.checkpoint_entries = 10;
    auto log = AuditLog::Open(store_.get(), key_, options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    if (!log.ok()) return "not opened";
    for (int i = 0; i < count; ++i) EXPECT_TRUE((*log)->Append(NextRecord()).ok());
    return (*log)->damage();
  }

  AuditRecord NextRecord() {
    AuditRecord record;
    record.method = "/palermo.v1.GraphService/Get";
    record.analyst = "entry " + std::to_string(appended_++);
    return record;
  }

  uint64_t StoredEntries() {
    uint64_t count = 0;
    EXPECT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "", [&](std::string_view, std::string_view) {
      ++count;
      return true;
    }).ok());
    return count;
  }

  access::AuditVerdict Verify() {
    std::vector<access::AuditEntry> entries;
    std::vector<std::string> checkpoints;
    EXPECT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "",
                                     [&](std::string_view k, std::string_view v) {
                                       access::AuditEntry e;
                                       char tag;
                                       store::DecodeAuditKey(k, &tag, &e.index);
                                       std::copy(v.begin(), v.begin() + 32, e.stored_leaf.begin());
                                       e.text = v.substr(32);
                                       entries.push_back(std::move(e));
                                       return true;
                                     }).ok());
    EXPECT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditCheckpointTag), "",
                                     [&](std::string_view, std::string_view v) {
                                       checkpoints.emplace_back(v);
                                       return true;
                                     }).ok());
    return access::VerifyAuditLog(entries, checkpoints, access::PublicKeyOf(key_));
  }

  // Deletes entry `index` with RocksDB itself, the store closed.
  void DeleteEntryBehindTheStore(uint64_t index) {
    store_.reset();
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), data_.path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), data_.path(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "audit") {
        ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[i], store::EncodeAuditKey(store::kAuditEntryTag, index)).ok());
      }
    }
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    db.reset();
    store_ = OpenStore(data_.path());
  }

  TempDir keys_, data_;
  access::SigningKey key_;
  std::unique_ptr<store::Store> store_;
  int appended_ = 0;
};

TEST_F(AuditLogOnAStore, ALogReopenedGoesOnWithTheSameTree) {
  EXPECT_EQ(AppendThroughALog(25), "");
  EXPECT_EQ(AppendThroughALog(7), "");
  EXPECT_EQ(AppendThroughALog(1), "");
  access::AuditVerdict verdict = Verify();
  EXPECT_TRUE(verdict.problems.empty()) << verdict.problems.front();
  EXPECT_EQ(verdict.entries, 33u);
  EXPECT_EQ(verdict.covered, 33u);
}

TEST_F(AuditLogOnAStore, AStartReadsOnlyTheEntriesAfterTheLastCheckpoint) {
  EXPECT_EQ(AppendThroughALog(25), "");
  // An entry the last checkpoint covers is gone: the start does not see
  // it (it does not read that far back); verify does, and the entries
  // appended after the restart extend the signed tree, so that their
  // checkpoints fail for the missing entry only.
  DeleteEntryBehindTheStore(3);
  EXPECT_EQ(AppendThroughALog(5), "");
  access::AuditVerdict verdict = Verify();
  ASSERT_FALSE(verdict.problems.empty());
  EXPECT_EQ(verdict.problems.front(), "entry 3 is missing");
  for (const std::string& problem : verdict.problems) {
    EXPECT_EQ(problem.find("not consistent"), std::string::npos) << problem;
  }
}

TEST_F(AuditLogOnAStore, AFrontierNotOfASignedCheckpointIsReportedAndTheTreeReadAgain) {
  EXPECT_EQ(AppendThroughALog(12), "");
  access::TreeFrontier forged;
  for (int i = 0; i < 12; ++i) forged.Append(access::LeafHash("forged " + std::to_string(i)));
  ASSERT_TRUE(store_->AppendAudit({{store::EncodeAuditKey(store::kAuditFrontierTag, 0), forged.Encode()}}).ok());
  EXPECT_NE(AppendThroughALog(4).find("the stored tree frontier is not that of a checkpoint signed with this key"),
            std::string::npos);
  access::AuditVerdict verdict = Verify();
  EXPECT_TRUE(verdict.problems.empty()) << verdict.problems.front();
  EXPECT_EQ(verdict.covered, 16u);
  // The frontier written at the last checkpoint is the true one again.
  EXPECT_EQ(AppendThroughALog(0), "");
}

TEST_F(AuditLogOnAStore, WithASyncIntervalEntriesWaitInOrderUntilAFlushOrTheCloseWritesThem) {
  AuditOptions options;
  options.sync_interval_ms = 600000;  // the writer's own turn never comes in this test
  auto log = AuditLog::Open(store_.get(), key_, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  EXPECT_EQ(StoredEntries(), 0u) << "queued before the interval, not written";
  ASSERT_TRUE((*log)->Flush().ok());
  EXPECT_EQ(StoredEntries(), 3u);
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  log->reset();  // closing writes what is queued, then the last checkpoint
  EXPECT_EQ(StoredEntries(), 5u);
  access::AuditVerdict verdict = Verify();
  EXPECT_TRUE(verdict.problems.empty()) << verdict.problems.front();
  EXPECT_EQ(verdict.covered, 5u);
  // In the order they were appended.
  uint64_t expected = 0;
  ASSERT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "", [&](std::string_view, std::string_view v) {
    EXPECT_NE(v.find("\"entry " + std::to_string(expected++) + "\""), std::string_view::npos) << v;
    return true;
  }).ok());
}

TEST_F(AuditLogOnAStore, WithASyncIntervalAFailingWriteRefusesCallsAndKeepsTheQueueUntilAWriteSucceeds) {
  AuditWritesFail store(store_.get());
  AuditOptions options;
  options.sync_interval_ms = 600000;  // the writer tries when Flush asks
  auto log = AuditLog::Open(&store, key_, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  ASSERT_TRUE((*log)->Flush().ok());
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());  // entry 1: queued, then its write fails
  store.failing = true;
  Status flushed = (*log)->Flush();
  EXPECT_EQ(flushed.code(), Status::Code::kUnavailable) << flushed.ToString();
  EXPECT_NE(flushed.message().find("no space left on device"), std::string::npos) << flushed.ToString();
  EXPECT_EQ((*log)->Append(NextRecord()).code(), Status::Code::kUnavailable) << "refused while writes fail";
  --appended_;  // that entry was refused: the next record takes its number
  EXPECT_EQ(StoredEntries(), 1u);
  store.failing = false;
  ASSERT_TRUE((*log)->Flush().ok()) << "a Flush has the writer try again";
  EXPECT_EQ(StoredEntries(), 2u);
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  log->reset();
  access::AuditVerdict verdict = Verify();
  EXPECT_TRUE(verdict.problems.empty()) << verdict.problems.front();
  EXPECT_EQ(verdict.covered, 3u);
  uint64_t expected = 0;  // each entry once, in order
  ASSERT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "", [&](std::string_view, std::string_view v) {
    EXPECT_NE(v.find("\"entry " + std::to_string(expected++) + "\""), std::string_view::npos) << v;
    return true;
  }).ok());
  EXPECT_EQ(expected, 3u);
}

TEST_F(AuditLogOnAStore, ANegativeSyncIntervalIsRefused) {
  AuditOptions options;
  options.sync_interval_ms = -1;
  EXPECT_EQ(AuditLog::Open(store_.get(), key_, options).status().code(), Status::Code::kInvalidArgument);
}

TEST_F(AuditLogOnAStore, WithASyncIntervalTheWriterWritesOnItsOwn) {
  AuditOptions options;
  options.sync_interval_ms = 5;
  auto log = AuditLog::Open(store_.get(), key_, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_TRUE((*log)->Append(NextRecord()).ok());
  // No Flush: the writer's interval passes (waited for without a bound on
  // time, which this machine's load does not give).
  while (StoredEntries() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(StoredEntries(), 1u);
}

// A record may leave its digests to the log (made when it writes the
// entry, off the caller's thread with a sync interval): the entry is the
// one the caller would have written with the digests made itself.
TEST_F(AuditLogOnAStore, DigestsLeftToTheLogMakeTheSameEntry) {
  AuditRecord made = NextRecord();
  made.request_digest = access::HexOf(access::Sha256Of({"the request"}));
  made.keys = 2;
  made.keys_digest = access::HexOf(access::Sha256Of({"A/p1\nB/q2\n"}));
  AuditRecord pending = made;
  pending.request_digest.clear();
  pending.keys = 0;
  pending.keys_digest.clear();
  pending.request_pending = true;
  pending.request_bytes = "the request";
  pending.reply_keys = {"B/q2", "A/p1", "B/q2"};
  MakeDigests(&pending);
  EXPECT_EQ(AuditEntryText(pending, 1), AuditEntryText(made, 1));
  EXPECT_TRUE(pending.request_bytes.empty() && pending.reply_keys.empty());

  // Through a log with a sync interval, the stored entry has them too.
  AuditOptions options;
  options.sync_interval_ms = 50;
  auto log = AuditLog::Open(store_.get(), key_, options);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  pending.request_digest.clear();
  pending.keys_digest.clear();
  pending.request_pending = true;
  pending.request_bytes = "the request";
  pending.reply_keys = {"B/q2", "A/p1"};
  ASSERT_TRUE((*log)->Append(pending).ok());
  ASSERT_TRUE((*log)->Flush().ok());
  std::string stored;
  ASSERT_TRUE(store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "", [&](std::string_view, std::string_view v) {
    stored = std::string(v.substr(32));
    return false;
  }).ok());
  EXPECT_NE(stored.find("\"request\":\"" + made.request_digest + "\""), std::string::npos) << stored;
  EXPECT_NE(stored.find("\"keys\":2,\"keys_digest\":\"" + made.keys_digest + "\""), std::string::npos) << stored;
}

}  // namespace
}  // namespace palermo::services
