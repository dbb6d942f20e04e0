#include "store/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_batch.h>

#include <mutex>

namespace palermo::store {

namespace v1 = palermo::v1;

namespace {

// Column families, in the order they are opened. Do not reorder: the index
// is used to find a family's handle.
enum Family : size_t { kDefault, kIds, kNodes, kOut, kIn, kTime, kIdent, kFindings, kAudit, kMeta, kStaging, kFamilyCount };
const char* const kFamilyNames[kFamilyCount] = {"default",  // rocksdb::kDefaultColumnFamilyName
                                                "ids", "nodes", "out", "in", "time", "ident",
                                                "findings", "audit", "meta", "staging"};

constexpr char kSchemaKey[] = "schema";
constexpr char kSchemaVersion[] = "1";
constexpr char kNextIdKey[] = "next_id";
constexpr char kCommitPrefix[] = "commit/";

// Staging keys: import(8) | tag(1) | rest.
//   'K' | global key      -> node id(8) | state(1: 'D' defined, 'R' referenced only) | line(8)
//   'W' | seq(8)          -> family(1) | op(1: 'P' put, 'D' delete) | key length(4) | key | value
//   'P' | seq(8)          -> line(8) | field length(1) | field | global key   (a reference to a key
//                            not defined when it was read)
constexpr char kTagKey = 'K';
constexpr char kTagWrite = 'W';
constexpr char kTagPending = 'P';

std::string StagingPrefix(uint64_t import_no, char tag) {
  std::string key;
  PutFixed64BE(&key, import_no);
  key.push_back(tag);
  return key;
}

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
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

}  // namespace

class RocksStore;

class RocksView : public View {
 public:
  RocksView(const RocksStore* store, const rocksdb::Snapshot* snapshot, uint64_t record_count);
  ~RocksView() override;

  Result<NodeId> Lookup(std::string_view global_key) const override;
  Status Get(NodeId id, v1::Record* record) const override;
  Status ForEachEdge(NodeId id, Direction direction,
                     const std::function<void(v1::EdgeLabel, NodeId)>& fn) const override;
  Status ForEachRecord(const std::function<bool(NodeId, const v1::Record&)>& fn) const override;
  uint64_t RecordCount() const override { return record_count_; }

 private:
  rocksdb::ReadOptions Options() const {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot_;
    return options;
  }
  const RocksStore* store_;
  const rocksdb::Snapshot* snapshot_;
  uint64_t record_count_;
};

class RocksImport;

class RocksStore : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
             StoreOptions options)
      : db_(std::move(db)), handles_(std::move(handles)), options_(std::move(options)) {}

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

  Status Initialize();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(Family family) const { return handles_[family]; }
  const StoreOptions& options() const { return options_; }

  // Applies the staged writes of a committed import, then removes its
  // staging data and commit marker (synced).
  Status ApplyStaged(uint64_t import_no);
  // Removes an import's staging data.
  Status DiscardStaged(uint64_t import_no);
  // Makes everything written so far visible to new views.
  void Publish(uint64_t next_id);

  uint64_t next_id() const { return next_id_; }
  uint64_t NewImportNumber() { return ++last_import_no_; }

  // The derived entries of `record` stored as `id`; references are resolved
  // by `resolve` (which returns 0 for a key it cannot resolve).
  static std::vector<IndexEntry> IndexEntries(const v1::Record& record, NodeId id,
                                              const std::function<NodeId(const format::Reference&)>& resolve);

 private:
  friend class RocksImport;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  StoreOptions options_;
  std::mutex import_mutex_;  // one import at a time
  mutable std::mutex view_mutex_;
  std::shared_ptr<const View> current_view_;
  uint64_t next_id_ = 1;
  uint64_t last_import_no_ = 0;
};

// ---------------------------------------------------------------------------
// View

RocksView::RocksView(const RocksStore* store, const rocksdb::Snapshot* snapshot, uint64_t record_count)
    : store_(store), snapshot_(snapshot), record_count_(record_count) {}

RocksView::~RocksView() { store_->db()->ReleaseSnapshot(snapshot_); }

Result<NodeId> RocksView::Lookup(std::string_view global_key) const {
  std::string value;
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kIds), rocksdb::Slice(global_key.data(), global_key.size()), &value);
  if (s.IsNotFound()) return Status::NotFound("no record " + std::string(global_key));
  if (!s.ok()) return FromRocks(s, "reading ids");
  if (value.size() != kIdSize) return Status::Corruption("ids entry of " + std::string(global_key) + " has a bad size");
  return DecodeFixed64BE(value);
}

Status RocksView::Get(NodeId id, v1::Record* record) const {
  std::string value;
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kNodes), EncodeNodeKey(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no node " + std::to_string(id));
  if (!s.ok()) return FromRocks(s, "reading nodes");
  if (!record->ParseFromString(value)) return Status::Corruption("node " + std::to_string(id) + " does not parse");
  return Status::Ok();
}

Status RocksView::ForEachEdge(NodeId id, Direction direction,
                              const std::function<void(v1::EdgeLabel, NodeId)>& fn) const {
  std::string lower = EncodeEdgePrefix(id);
  std::string upper = EncodeEdgePrefix(id + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options = Options();
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db()->NewIterator(options, store_->cf(direction == Direction::kOut ? kOut : kIn)));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    EdgeKey key;
    if (!DecodeEdgeKey(std::string_view(it->key().data(), it->key().size()), &key)) {
      return Status::Corruption("edge key of node " + std::to_string(id) + " has a bad size");
    }
    fn(static_cast<v1::EdgeLabel>(key.label), key.second);
  }
  return FromRocks(it->status(), "reading edges");
}

Status RocksView::ForEachRecord(const std::function<bool(NodeId, const v1::Record&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(Options(), store_->cf(kNodes)));
  v1::Record record;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    NodeId id = DecodeNodeKey(std::string_view(it->key().data(), it->key().size()));
    if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("node " + std::to_string(id) + " does not parse");
    }
    if (!fn(id, record)) break;
  }
  return FromRocks(it->status(), "reading nodes");
}

// ---------------------------------------------------------------------------
// Derived entries

std::vector<IndexEntry> RocksStore::IndexEntries(const v1::Record& record, NodeId id,
                                                 const std::function<NodeId(const format::Reference&)>& resolve) {
  std::vector<IndexEntry> entries;
  v1::EdgeValue edge_value;
  edge_value.set_agency(record.agency());
  edge_value.set_source(record.source());
  std::string edge_bytes = edge_value.SerializeAsString();
  for (const auto& ref : format::CollectReferences(record)) {
    NodeId target = resolve(ref);
    if (target == 0) continue;
    entries.push_back({kOut, EncodeEdgeKey(id, static_cast<uint8_t>(ref.label), target), edge_bytes});
    entries.push_back({kIn, EncodeEdgeKey(target, static_cast<uint8_t>(ref.label), id), std::string()});
  }
  const v1::Date* when = nullptr;
  if (record.has_event()) {
    when = !record.event().date().iso().empty() ? &record.event().date() : &record.event().start();
  } else if (record.has_transaction()) {
    when = &record.transaction().date();
  }
  if (when != nullptr && !when->iso().empty()) {
    entries.push_back({kTime, EncodeTimeKey(when->first_s(), id), std::string()});
  }
  if (record.has_identifier()) {
    auto type = static_cast<uint8_t>(record.identifier().type());
    std::string normalized = NormalizeIdentifier(type, record.identifier().value());
    if (!normalized.empty()) entries.push_back({kIdent, EncodeIdentKey(type, normalized, id), std::string()});
  }
  return entries;
}

// ---------------------------------------------------------------------------
// Import

class RocksImport : public Import {
 public:
  RocksImport(RocksStore* store, std::unique_lock<std::mutex> lock)
      : store_(store), lock_(std::move(lock)), import_no_(store->NewImportNumber()), next_id_(store->next_id()) {}

  ~RocksImport() override {
    // A failure here leaves staging data that the next Open() removes.
    if (!finished_) static_cast<void>(store_->DiscardStaged(import_no_));
  }

  Status Add(const v1::Record& record, int64_t line, format::DiagnosticList* errors) override;
  Status AddInvalid(const v1::Record& partial, int64_t line) override;
  Status Commit(bool dry_run, format::DiagnosticList* errors) override;
  const ImportStats& stats() const override { return stats_; }

 private:
  struct KeyEntry {
    NodeId id = 0;
    bool defined = false;
    int64_t line = 0;
  };

  // The staged entry of `global_key`, if any. Sets `io` on a storage error.
  bool FindStaged(const std::string& global_key, KeyEntry* entry, Status* io);
  void PutStaged(const std::string& global_key, const KeyEntry& entry);
  // The node id of a reference target; stages a pending check for targets
  // not defined yet. 0 on a storage error (set in `io_`).
  NodeId ResolveTarget(const format::Reference& ref, int64_t line);
  Status StoredId(const std::string& global_key, NodeId* id);  // 0 when absent
  void AddOp(Family family, bool put, const std::string& key, const std::string& value);
  Status MaybeFlush();
  Status FlushStaging();
  Status SpillOps();

  RocksStore* store_;
  std::unique_lock<std::mutex> lock_;
  uint64_t import_no_;
  NodeId next_id_;
  ImportStats stats_;
  rocksdb::WriteBatchWithIndex staging_{rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true};
  rocksdb::WriteBatch ops_;
  bool spilled_ = false;
  uint64_t write_seq_ = 0;
  uint64_t pending_seq_ = 0;
  bool finished_ = false;
  Status io_;
};

bool RocksImport::FindStaged(const std::string& global_key, KeyEntry* entry, Status* io) {
  std::string key = StagingPrefix(import_no_, kTagKey) + global_key;
  std::string value;
  rocksdb::Status s =
      staging_.GetFromBatchAndDB(store_->db(), rocksdb::ReadOptions(), store_->cf(kStaging), key, &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) {
    *io = FromRocks(s, "reading staged keys");
    return false;
  }
  if (value.size() != kIdSize + 1 + 8) {
    *io = Status::Corruption("staged key entry has a bad size");
    return false;
  }
  entry->id = DecodeFixed64BE(value);
  entry->defined = value[kIdSize] == 'D';
  entry->line = static_cast<int64_t>(DecodeFixed64BE(std::string_view(value).substr(kIdSize + 1)));
  return true;
}

void RocksImport::PutStaged(const std::string& global_key, const KeyEntry& entry) {
  std::string value;
  PutFixed64BE(&value, entry.id);
  value.push_back(entry.defined ? 'D' : 'R');
  PutFixed64BE(&value, static_cast<uint64_t>(entry.line));
  staging_.Put(store_->cf(kStaging), StagingPrefix(import_no_, kTagKey) + global_key, value).PermitUncheckedError();
}

Status RocksImport::StoredId(const std::string& global_key, NodeId* id) {
  std::string value;
  rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(kIds), global_key, &value);
  *id = 0;
  if (s.IsNotFound()) return Status::Ok();
  if (!s.ok()) return FromRocks(s, "reading ids");
  if (value.size() != kIdSize) return Status::Corruption("ids entry of " + global_key + " has a bad size");
  *id = DecodeFixed64BE(value);
  return Status::Ok();
}

NodeId RocksImport::ResolveTarget(const format::Reference& ref, int64_t line) {
  KeyEntry entry;
  Status io;
  bool staged = FindStaged(ref.target, &entry, &io);
  if (!io.ok()) {
    io_ = io;
    return 0;
  }
  if (!staged) {
    NodeId stored;
    Status s = StoredId(ref.target, &stored);
    if (!s.ok()) {
      io_ = s;
      return 0;
    }
    if (stored != 0) return stored;
    // Not known yet: reserve an id; the file may define the key further on.
    entry = {next_id_++, false, line};
    PutStaged(ref.target, entry);
  }
  if (!entry.defined) {
    std::string key = StagingPrefix(import_no_, kTagPending);
    PutFixed64BE(&key, ++pending_seq_);
    std::string value;
    PutFixed64BE(&value, static_cast<uint64_t>(line));
    std::string_view field(ref.field);
    value.push_back(static_cast<char>(field.size()));
    value.append(field);
    value.append(ref.target);
    staging_.Put(store_->cf(kStaging), key, value).PermitUncheckedError();
  }
  return entry.id;
}

void RocksImport::AddOp(Family family, bool put, const std::string& key, const std::string& value) {
  if (put) ops_.Put(store_->cf(family), key, value).PermitUncheckedError();
  else ops_.Delete(store_->cf(family), key).PermitUncheckedError();
}

Status RocksImport::Add(const v1::Record& record, int64_t line, format::DiagnosticList* errors) {
  if (!io_.ok()) return io_;
  const std::string global_key = format::GlobalKey(record.agency(), record.id());
  KeyEntry entry;
  Status io;
  bool staged = FindStaged(global_key, &entry, &io);
  if (!io.ok()) return io;
  if (staged && entry.defined) {
    errors->Add({line, "id", "\"" + global_key + "\" is defined twice in this file (first on line " +
                                       std::to_string(entry.line) + ")"});
    return Status::Ok();
  }
  NodeId id = 0;
  bool replaced = false;
  if (staged) {
    id = entry.id;  // referenced earlier in the file, defined here
  } else {
    Status s = StoredId(global_key, &id);
    if (!s.ok()) return s;
    replaced = id != 0;
    if (!replaced) id = next_id_++;
  }
  PutStaged(global_key, {id, true, line});
  ++stats_.records;
  if (replaced) {
    ++stats_.replaced;
    // Remove what the stored version derived; its targets are all stored.
    std::string old_bytes;
    rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(kNodes), EncodeNodeKey(id), &old_bytes);
    if (!s.ok()) return FromRocks(s, "reading the stored version of " + global_key);
    v1::Record old;
    if (!old.ParseFromString(old_bytes)) return Status::Corruption("stored " + global_key + " does not parse");
    Status lookup_status;
    auto entries = RocksStore::IndexEntries(old, id, [&](const format::Reference& ref) {
      NodeId target = 0;
      Status st = StoredId(ref.target, &target);
      if (!st.ok()) lookup_status = st;
      return target;
    });
    if (!lookup_status.ok()) return lookup_status;
    for (const auto& e : entries) AddOp(e.family, false, e.key, "");
  } else {
    ++stats_.created;
    std::string id_value;
    PutFixed64BE(&id_value, id);
    AddOp(kIds, true, global_key, id_value);
  }
  AddOp(kNodes, true, EncodeNodeKey(id), record.SerializeAsString());
  auto entries = RocksStore::IndexEntries(record, id, [&](const format::Reference& ref) {
    return ResolveTarget(ref, line);
  });
  if (!io_.ok()) return io_;
  for (const auto& e : entries) AddOp(e.family, true, e.key, e.value);
  return MaybeFlush();
}

Status RocksImport::AddInvalid(const v1::Record& partial, int64_t line) {
  if (!io_.ok()) return io_;
  if (!partial.id().empty() && !partial.agency().empty() && partial.id().find('/') == std::string::npos &&
      partial.agency().find('/') == std::string::npos) {
    const std::string global_key = format::GlobalKey(partial.agency(), partial.id());
    KeyEntry entry;
    Status io;
    bool staged = FindStaged(global_key, &entry, &io);
    if (!io.ok()) return io;
    if (!staged || !entry.defined) {
      if (!staged) entry.id = next_id_++;
      PutStaged(global_key, {entry.id, true, line});
    }
  }
  for (const auto& ref : format::CollectReferences(partial)) ResolveTarget(ref, line);
  if (!io_.ok()) return io_;
  return MaybeFlush();
}

Status RocksImport::MaybeFlush() {
  const size_t half = store_->options().import_memory_bytes / 2;
  if (staging_.GetWriteBatch()->GetDataSize() > half) {
    Status s = FlushStaging();
    if (!s.ok()) return s;
  }
  if (ops_.GetDataSize() > half) return SpillOps();
  return Status::Ok();
}

Status RocksImport::FlushStaging() {
  if (staging_.GetWriteBatch()->Count() == 0) return Status::Ok();
  rocksdb::WriteOptions options;
  options.disableWAL = false;  // made durable by the synced commit marker
  rocksdb::Status s = store_->db()->Write(options, staging_.GetWriteBatch());
  staging_.Clear();
  return FromRocks(s, "staging an import");
}

// Moves the pending writes to the staging family, in order.
Status RocksImport::SpillOps() {
  class Spill : public rocksdb::WriteBatch::Handler {
   public:
    Spill(RocksImport* import) : import_(import) {}
    rocksdb::Status PutCF(uint32_t cf_id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
      Add(cf_id, 'P', key, value);
      return rocksdb::Status::OK();
    }
    rocksdb::Status DeleteCF(uint32_t cf_id, const rocksdb::Slice& key) override {
      Add(cf_id, 'D', key, rocksdb::Slice());
      return rocksdb::Status::OK();
    }
    rocksdb::WriteBatch batch;
    rocksdb::Status error;

   private:
    void Add(uint32_t cf_id, char op, const rocksdb::Slice& key, const rocksdb::Slice& value) {
      size_t family = kFamilyCount;
      for (size_t f = 0; f < kFamilyCount; ++f) {
        if (import_->store_->cf(static_cast<Family>(f))->GetID() == cf_id) family = f;
      }
      std::string staged_key = StagingPrefix(import_->import_no_, kTagWrite);
      PutFixed64BE(&staged_key, ++import_->write_seq_);
      std::string staged;
      staged.push_back(static_cast<char>(family));
      staged.push_back(op);
      std::string length;
      PutFixed64BE(&length, key.size());
      staged.append(length, 4, 4);
      staged.append(key.data(), key.size());
      staged.append(value.data(), value.size());
      batch.Put(import_->store_->cf(kStaging), staged_key, staged).PermitUncheckedError();
    }
    RocksImport* import_;
  };
  Spill spill(this);
  rocksdb::Status s = ops_.Iterate(&spill);
  if (!s.ok()) return FromRocks(s, "staging an import");
  ops_.Clear();
  spilled_ = true;
  return FromRocks(store_->db()->Write(rocksdb::WriteOptions(), &spill.batch), "staging an import");
}

Status RocksImport::Commit(bool dry_run, format::DiagnosticList* errors) {
  if (!io_.ok()) return io_;
  Status s = FlushStaging();
  if (!s.ok()) return s;

  // Every reference to a key not defined when it was read must be defined now.
  std::string lower = StagingPrefix(import_no_, kTagPending);
  std::string upper = StagingPrefix(import_no_, kTagPending + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(read_options, store_->cf(kStaging)));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    std::string_view value(it->value().data(), it->value().size());
    if (value.size() < 9) return Status::Corruption("staged reference has a bad size");
    auto line = static_cast<int64_t>(DecodeFixed64BE(value));
    size_t field_size = static_cast<unsigned char>(value[8]);
    std::string field(value.substr(9, field_size));
    std::string target(value.substr(9 + field_size));
    KeyEntry entry;
    Status io;
    if (!FindStaged(target, &entry, &io) && !io.ok()) return io;
    if (!entry.defined) {
      errors->Add({line, field, "no record \"" + target + "\" in this file or the store"});
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "checking references");
  it.reset();

  if (!errors->empty()) return Status::InvalidArgument(std::to_string(errors->total()) + " errors");
  if (dry_run) return Status::Ok();  // the destructor discards the staging

  std::string next_id_value;
  PutFixed64BE(&next_id_value, next_id_);
  rocksdb::WriteOptions synced;
  synced.sync = true;
  if (!spilled_) {
    // Everything fits in one batch: write it at once.
    ops_.Put(store_->cf(kMeta), kNextIdKey, next_id_value).PermitUncheckedError();
    s = FromRocks(store_->db()->Write(synced, &ops_), "writing the import");
    if (!s.ok()) return s;
    finished_ = true;
    static_cast<void>(store_->DiscardStaged(import_no_));  // only key reservations left there
    store_->Publish(next_id_);
    return Status::Ok();
  }
  s = SpillOps();
  if (!s.ok()) return s;
  // The commit point: once the marker is on disk the import will be applied,
  // now or, after a crash, when the store is next opened.
  rocksdb::WriteBatch marker;
  std::string marker_key = kCommitPrefix;
  PutFixed64BE(&marker_key, import_no_);
  marker.Put(store_->cf(kMeta), marker_key, "").PermitUncheckedError();
  marker.Put(store_->cf(kMeta), kNextIdKey, next_id_value).PermitUncheckedError();
  s = FromRocks(store_->db()->Write(synced, &marker), "committing the import");
  if (!s.ok()) return s;
  finished_ = true;
  s = store_->ApplyStaged(import_no_);
  if (!s.ok()) return s;
  store_->Publish(next_id_);
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Store

Result<std::unique_ptr<Import>> RocksStore::BeginImport() {
  std::unique_lock<std::mutex> lock(import_mutex_);
  return std::unique_ptr<Import>(new RocksImport(this, std::move(lock)));
}

Status RocksStore::DiscardStaged(uint64_t import_no) {
  std::string lower, upper;
  PutFixed64BE(&lower, import_no);
  PutFixed64BE(&upper, import_no + 1);
  return FromRocks(db_->DeleteRange(rocksdb::WriteOptions(), cf(kStaging), lower, upper), "discarding staged data");
}

Status RocksStore::ApplyStaged(uint64_t import_no) {
  std::string lower = StagingPrefix(import_no, kTagWrite);
  std::string upper = StagingPrefix(import_no, kTagWrite + 1);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kStaging)));
  rocksdb::WriteBatch batch;
  for (it->Seek(lower); it->Valid(); it->Next()) {
    std::string_view op(it->value().data(), it->value().size());
    if (op.size() < 6 || static_cast<size_t>(op[0]) >= kFamilyCount) {
      return Status::Corruption("staged write has a bad header");
    }
    auto family = static_cast<Family>(op[0]);
    std::string length_bytes(4, '\0');
    length_bytes.insert(length_bytes.end(), op.begin() + 2, op.begin() + 6);
    uint64_t key_size = DecodeFixed64BE(length_bytes);
    if (6 + key_size > op.size()) return Status::Corruption("staged write has a bad key size");
    rocksdb::Slice key(op.data() + 6, key_size);
    rocksdb::Slice value(op.data() + 6 + key_size, op.size() - 6 - key_size);
    if (op[1] == 'P') batch.Put(cf(family), key, value).PermitUncheckedError();
    else batch.Delete(cf(family), key).PermitUncheckedError();
    if (batch.GetDataSize() >= options_.apply_batch_bytes) {
      Status s = FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "applying an import");
      if (!s.ok()) return s;
      batch.Clear();
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "applying an import");
  it.reset();
  std::string marker_key = kCommitPrefix;
  PutFixed64BE(&marker_key, import_no);
  batch.Delete(cf(kMeta), marker_key).PermitUncheckedError();
  std::string staging_lower, staging_upper;
  PutFixed64BE(&staging_lower, import_no);
  PutFixed64BE(&staging_upper, import_no + 1);
  batch.DeleteRange(cf(kStaging), staging_lower, staging_upper).PermitUncheckedError();
  rocksdb::WriteOptions synced;
  synced.sync = true;
  return FromRocks(db_->Write(synced, &batch), "applying an import");
}

void RocksStore::Publish(uint64_t next_id) {
  next_id_ = next_id;
  auto view = std::make_shared<RocksView>(this, db_->GetSnapshot(), next_id - 1);
  std::lock_guard<std::mutex> lock(view_mutex_);
  current_view_ = std::move(view);
}

Status RocksStore::Initialize() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kSchemaKey, &value);
  if (s.IsNotFound()) {
    s = db_->Put(rocksdb::WriteOptions(), cf(kMeta), kSchemaKey, kSchemaVersion);
    if (!s.ok()) return FromRocks(s, "writing the schema version");
  } else if (!s.ok()) {
    return FromRocks(s, "reading the schema version");
  } else if (value != kSchemaVersion) {
    return Status::Corruption("the store has schema version " + value + "; this build reads version " +
                              kSchemaVersion);
  }
  uint64_t next_id = 1;
  s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kNextIdKey, &value);
  if (s.ok() && value.size() == kIdSize) next_id = DecodeFixed64BE(value);
  else if (!s.IsNotFound()) return FromRocks(s, "reading the id counter");

  // Finish imports that were committed but not fully applied.
  std::vector<uint64_t> committed;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kMeta)));
    for (it->Seek(kCommitPrefix); it->Valid() && it->key().starts_with(kCommitPrefix); it->Next()) {
      if (it->key().size() != sizeof(kCommitPrefix) - 1 + 8) return Status::Corruption("bad commit marker");
      committed.push_back(DecodeFixed64BE(std::string_view(it->key().data() + sizeof(kCommitPrefix) - 1, 8)));
    }
    if (!it->status().ok()) return FromRocks(it->status(), "reading commit markers");
  }
  for (uint64_t import_no : committed) {
    Status st = ApplyStaged(import_no);
    if (!st.ok()) return st;
    last_import_no_ = std::max(last_import_no_, import_no);
  }
  // Anything else in staging belongs to imports that never committed.
  std::string lower, upper(9, '\xff');
  s = db_->DeleteRange(rocksdb::WriteOptions(), cf(kStaging), lower, upper);
  if (!s.ok()) return FromRocks(s, "clearing staged data");
  Publish(next_id);
  return Status::Ok();
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);

  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions family_options;
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (size_t f = 0; f < kFamilyCount; ++f) families.emplace_back(kFamilyNames[f], family_options);
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, families, &handles, &raw);
  if (!s.ok()) {
    std::string text = s.ToString();
    if (s.IsIOError() && text.find("lock") != std::string::npos) {
      return Status::Busy("the data directory " + options.path +
                          " is in use by another process (its RocksDB lock is held): " + text);
    }
    return FromRocks(s, "opening the store at " + options.path);
  }
  auto store = std::make_unique<RocksStore>(std::unique_ptr<rocksdb::DB>(raw), std::move(handles), options);
  Status init = store->Initialize();
  if (!init.ok()) return init;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace palermo::store
