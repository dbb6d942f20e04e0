// The RocksDB store's insides, shared by its files (store/*.cc) and by
// nothing else: column families, meta keys, the view and the store
// classes. The public face is store/store.h.
//
//   view.cc      reading a snapshot (RocksView)
//   import.cc    imports: staging, spilling sorted runs, commit
//   ingestion.cc writing sorted entries into SST files and ingesting them
//   findings.cc  the findings families: reading and writing stored findings
//   derived_families.cc  the derived families (linkage, projection): reading, writing, replacing them
//   store.cc     opening, recovery, publication of views, the change feed, memory
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>

#include "store/store.h"

namespace palermo::store {

namespace v1 = palermo::v1;

namespace internal {

// Column families, in the order they are opened. Do not reorder: the index
// is used to find a family's handle.
enum Family : size_t {
  kDefault, kIds, kNodes, kOut, kIn, kTime, kIdent, kFindings, kAudit, kMeta, kStaging, kLinkage, kProjection,
  kFamilyCount
};
const char* const kFamilyNames[kFamilyCount] = {"default",  // rocksdb::kDefaultColumnFamilyName
                                                "ids", "nodes", "out", "in", "time", "ident",
                                                "findings", "audit", "meta", "staging", "linkage", "projection"};

constexpr char kSchemaKey[] = "schema";
constexpr char kSchemaVersion[] = "1";
constexpr char kNextIdKey[] = "next_id";
constexpr char kImportsKey[] = "imports";
constexpr char kFindingsMarkKey[] = "findings_mark";
constexpr char kLinkageMarkKey[] = "linkage_mark";
constexpr char kProjectionMarkKey[] = "projection_mark";

// A derived family's column family and the meta key of its mark.
inline Family FamilyOf(DerivedFamily family) {
  return family == DerivedFamily::kLinkage ? kLinkage : kProjection;
}
inline const char* MarkKeyOf(DerivedFamily family) {
  return family == DerivedFamily::kLinkage ? kLinkageMarkKey : kProjectionMarkKey;
}

// Iterates `family` over the keys that start with `prefix`, from `start`
// (which must start with it), calling fn(key, value) until it returns false.
Status ScanPrefix(rocksdb::DB* db, rocksdb::ReadOptions options, rocksdb::ColumnFamilyHandle* family,
                  const std::string& prefix, const std::string& start,
                  const std::function<bool(std::string_view, std::string_view)>& fn);
// A mark as the meta family holds it (imports(8) | fingerprint) under `key`.
Result<DerivedMark> ReadMark(rocksdb::DB* db, const rocksdb::ReadOptions& options,
                             rocksdb::ColumnFamilyHandle* meta, const char* key);
std::string EncodeMark(const DerivedMark& mark);

// How an import divides StoreOptions::import_memory_bytes: the key map
// saves random reads and gets the largest share; pending writes spill
// cheaply (sequential writes); staged reference checks are usually few.
constexpr size_t kKeysShare = 2;     // 1/2
constexpr size_t kWritesShare = 4;   // 1/4
constexpr size_t kStagingShare = 8;  // 1/8 (the rest: slack for the sort at commit)

// Staging keys: import(8) | tag(1) | rest.
//   'K' | global key      -> node id(8) | state(1: see KeyState) | line(8)   (a spilled key-map entry)
//   'P' | seq(8)          -> line(8) | field length(1) | field | global key   (a reference to a key
//                            not defined when it was read)
constexpr char kTagKey = 'K';
constexpr char kTagPending = 'P';

inline std::string StagingPrefix(uint64_t import_no, char tag) {
  std::string key;
  PutFixed64BE(&key, import_no);
  key.push_back(tag);
  return key;
}

// The node id held by the ids entry of `global_key`.
inline Result<NodeId> DecodeIdValue(std::string_view global_key, const std::string& value) {
  if (value.size() != kIdSize) return Status::Corruption("ids entry of " + std::string(global_key) + " has a bad size");
  return DecodeFixed64BE(value);
}

inline Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  return Status::IoError(msg);
}

// Everything a record puts in the derived families, given its node id.
struct IndexEntry {
  Family family;
  std::string key;
  std::string value;
};

}  // namespace internal

using namespace internal;  // NOLINT: included by the store's own files only

class RocksStore;

class RocksView : public View {
 public:
  RocksView(const RocksStore* store, const rocksdb::Snapshot* snapshot, uint64_t record_count, uint64_t imports);
  ~RocksView() override;

  Result<NodeId> Lookup(std::string_view global_key) const override;
  Status Get(NodeId id, v1::Record* record) const override;
  Status ForEachEdge(NodeId id, Direction direction,
                     const std::function<void(v1::EdgeLabel, NodeId)>& fn) const override;
  Status ForEachEdgeOfEach(const std::vector<NodeId>& ids, Direction direction,
                           const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const override;
  Status ForEachRecord(const std::function<bool(NodeId, const v1::Record&)>& fn) const override;
  Status ForEachRecordIn(NodeId first, NodeId end,
                         const std::function<bool(NodeId, const v1::Record&)>& fn) const override;
  Status GetMany(const std::vector<NodeId>& ids,
                 const std::function<void(NodeId, const v1::Record&)>& fn) const override;
  Status ForEachKind(const std::function<void(NodeId, v1::Kind)>& fn) const override;
  Status ForEachEdgeOfAll(const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const override;
  uint64_t RecordCount() const override { return record_count_; }
  uint64_t Imports() const override { return imports_; }

  Result<FindingsMark> GetFindingsMark() const override;
  Result<DerivedMark> GetDerivedMark(DerivedFamily family) const override;
  Status GetDerived(DerivedFamily family, std::string_view key, std::string* value) const override;
  Status ForEachDerived(DerivedFamily family, std::string_view prefix, std::string_view start,
                        const std::function<bool(std::string_view key, std::string_view value)>& fn) const override;
  Status GetFinding(const FindingKey& key, std::string* value) const override;
  Status FindingsOfAll(const std::vector<std::string>& global_keys, std::vector<FindingKey>* keys) const override;
  Status ForEachFinding(std::string_view type, const FindingKey* after,
                        const std::function<bool(const FindingKey&, std::string_view value)>& fn) const override;

 private:
  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    return options;
  }
  const RocksStore* store_;
  const rocksdb::Snapshot* snapshot_;
  uint64_t record_count_;
  uint64_t imports_;
};

class RocksImport;

class RocksStore : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
             StoreOptions options, rocksdb::Options db_options)
      : db_(std::move(db)), handles_(std::move(handles)), options_(std::move(options)),
        db_options_(std::move(db_options)) {}

  ~RocksStore() override {
    current_view_.reset();
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    db_->Close().PermitUncheckedError();
  }

  std::shared_ptr<const View> Snapshot() const override {
    std::lock_guard<std::mutex> lock(view_mutex_);
    return current_view_;
  }

  Result<std::unique_ptr<Import>> BeginImport() override;
  Status WriteFindings(const FindingsUpdate& update) override;
  Status WriteDerived(DerivedFamily family, const DerivedUpdate& update) override;
  Status AppendAudit(const std::vector<std::pair<std::string, std::string>>& entries) override;
  Status ForEachAudit(std::string_view prefix, std::string_view start,
                      const std::function<bool(std::string_view, std::string_view)>& fn) const override;
  // The same, after what `batch` already holds, in one write.
  Status WriteDerived(DerivedFamily family, const DerivedUpdate& update, rocksdb::WriteBatch* batch);
  Result<std::unique_ptr<DerivedLoad>> BeginDerivedLoad(DerivedFamily family) override;
  // Writes a derived family's batch synced and publishes a new view.
  Status CommitDerived(rocksdb::WriteBatch* batch, const char* what);
  StoreMemory Memory() const override;
  uint64_t SubscribeImports(ImportListener listener) override;
  void UnsubscribeImports(uint64_t id) override;
  // Hands `import` to every listener of the change feed.
  void PublishImport(const CommittedImport& import);

  Status Initialize();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Family family) const { return handles_[family]; }
  const StoreOptions& options() const { return options_; }

  // Where imports write their sorted runs and SST files before ingestion.
  std::string IngestDirectory() const { return options_.path + "/import-tmp"; }
  const rocksdb::Options& db_options() const { return db_options_; }
  // Removes an import's staging data.
  Status DiscardStaged(uint64_t import_no);
  // Makes everything written so far visible to new views. Callers hold
  // commit_mutex_ across their write and this call, so that a view's
  // counters always match its data.
  void Publish(uint64_t next_id, uint64_t imports);

  uint64_t next_id() const { return next_id_; }
  uint64_t imports() const { return imports_; }
  uint64_t NewImportNumber() { return ++last_import_no_; }

  // The derived entries of `record` stored as `id`; references are resolved
  // by `resolve` (which returns 0 for a key it cannot resolve).
  static std::vector<IndexEntry> IndexEntries(const v1::Record& record, NodeId id,
                                              const std::function<NodeId(const model::Reference&)>& resolve);

 private:
  friend class RocksImport;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  StoreOptions options_;
  rocksdb::Options db_options_;  // with the column family options all families share
  std::mutex import_mutex_;  // one import at a time
  std::mutex commit_mutex_;  // one write-and-publish at a time (import commits, findings)
  std::mutex listeners_mutex_;
  std::map<uint64_t, ImportListener> listeners_;  // the change feed's, by id
  uint64_t last_listener_ = 0;
  mutable std::mutex view_mutex_;
  std::shared_ptr<const View> current_view_;
  // Written under commit_mutex_ (Publish); read without it by a new import.
  std::atomic<uint64_t> next_id_ = 1;
  std::atomic<uint64_t> imports_ = 0;
  uint64_t last_import_no_ = 0;
};

// Writes sorted operations into one SST file per column family, then
// ingests them all in one atomic step (DB::IngestExternalFiles records them
// in the MANIFEST together, or not at all). Operations must come grouped by
// family and in key order within each (SstFileWriter refuses others).
// Imports and the linkage family's full computation use it.
class SstIngestion {
 public:
  // Writes its files into `directory` (which its owner removes).
  SstIngestion(RocksStore* store, std::string directory) : store_(store), directory_(std::move(directory)) {}

  Status Add(Family family, bool put, const rocksdb::Slice& key, const rocksdb::Slice& value);
  // Writes entries of `family` into `parts` files at once, one thread each
  // (DerivedLoad::AddParts); they are ingested with the rest by Finish.
  // Only before Add, and for one family.
  Status AddParts(Family family, size_t parts,
                  const std::function<Status(size_t, const std::function<Status(std::string_view, std::string_view)>&)>& fill);
  // Closes the files and ingests them (nothing when nothing was added).
  Status Finish();

 private:
  Status OpenFile(Family family);
  Status CloseFile();
  // How the files of `family` are ingested (none named yet).
  rocksdb::IngestExternalFileArg IngestArg(Family family) const;

  RocksStore* store_;
  std::string directory_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  Family family_ = kDefault;
  std::string path_;
  std::vector<rocksdb::IngestExternalFileArg> args_;
  std::vector<std::pair<Family, std::string>> part_files_;  // AddParts' files, ingested with args_
  size_t parts_begun_ = 0;  // names AddParts' files
  std::string parts_last_key_;  // the last key of AddParts' files so far
  Family parts_family_ = kDefault;  // theirs
};

}  // namespace palermo::store
