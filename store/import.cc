#include "store/rocks_store.h"

#include <queue>

namespace palermo::store {

namespace {

// One write of an import, pointing into the buffer that holds it.
struct Op {
  uint32_t family;  // Family (index of the column family handle)
  uint32_t seq;     // position in the batch
  uint64_t prefix;  // the key's first 8 bytes, big-endian: orders most pairs without memcmp
  rocksdb::Slice key;
  rocksdb::Slice value;
  bool put;
};

uint64_t KeyPrefix(const rocksdb::Slice& key) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) prefix = (prefix << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
  return prefix;
}

// The operations of `batch` ordered by column family and key, keeping only
// the last operation on each key: the same end state, in the order that
// RocksDB's memtable and SST writer take fastest. The slices point into
// `batch`, which must outlive them unchanged.
Status SortOps(const rocksdb::WriteBatch& batch, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
               std::vector<Op>* sorted) {
  class Collect : public rocksdb::WriteBatch::Handler {
   public:
    Collect(std::vector<Op>* ops, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) : ops_(ops) {
      for (size_t f = 0; f < handles.size(); ++f) family_of_id_[handles[f]->GetID()] = static_cast<uint32_t>(f);
    }
    rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key, const rocksdb::Slice& value) override {
      return Add(id, key, value, true);
    }
    rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
      return Add(id, key, rocksdb::Slice(), false);
    }

   private:
    rocksdb::Status Add(uint32_t id, const rocksdb::Slice& key, const rocksdb::Slice& value, bool put) {
      auto family = family_of_id_.find(id);
      if (family == family_of_id_.end()) return rocksdb::Status::Corruption("unknown column family in an import");
      ops_->push_back({family->second, static_cast<uint32_t>(ops_->size()), KeyPrefix(key), key, value, put});
      return rocksdb::Status::OK();
    }
    std::vector<Op>* ops_;
    std::unordered_map<uint32_t, uint32_t> family_of_id_;
  };
  std::vector<Op> ops;
  ops.reserve(batch.Count());
  Collect collect(&ops, handles);
  rocksdb::Status s = batch.Iterate(&collect);
  if (!s.ok()) return FromRocks(s, "sorting the import");
  // Order by family, then key; equal keys keep their batch order (seq), so
  // the last write of a key comes last and is the one kept.
  std::sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) {
    if (a.family != b.family) return a.family < b.family;
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    int order = a.key.compare(b.key);
    return order != 0 ? order < 0 : a.seq < b.seq;
  });
  size_t kept = 0;
  for (size_t i = 0; i < ops.size(); ++i) {
    bool overwritten = i + 1 < ops.size() && ops[i + 1].family == ops[i].family && ops[i + 1].key == ops[i].key;
    if (!overwritten) ops[kept++] = ops[i];
  }
  ops.resize(kept);
  *sorted = std::move(ops);
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------------------
// Derived entries

std::vector<IndexEntry> RocksStore::IndexEntries(const v1::Record& record, NodeId id,
                                                 const std::function<NodeId(const model::Reference&)>& resolve) {
  std::vector<IndexEntry> entries;
  v1::EdgeValue edge_value;
  edge_value.set_agency(record.agency());
  edge_value.set_source(record.source());
  std::string edge_bytes = edge_value.SerializeAsString();
  for (const auto& ref : model::CollectReferences(record)) {
    NodeId target = resolve(ref);
    if (target == 0) continue;
    entries.push_back({kOut, EncodeEdgeKey(id, static_cast<uint8_t>(ref.label), target), edge_bytes});
    entries.push_back({kIn, EncodeEdgeKey(target, static_cast<uint8_t>(ref.label), id), std::string()});
  }
  int64_t first_s, last_s;
  if (model::WhenOf(record, &first_s, &last_s) && first_s != INT64_MIN) {
    entries.push_back({kTime, EncodeTimeKey(first_s, id), std::string()});
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
      : store_(store),
        lock_(std::move(lock)),
        import_no_(store->NewImportNumber()),
        next_id_(store->next_id()),
        first_new_id_(next_id_),
        before_(store->Snapshot()),
        // Reserved address space, touched only as the import grows: saves
        // copying the batch each time it would double.
        ops_(store->options().import_memory_bytes / kWritesShare + (1 << 20)),
        directory_(store->IngestDirectory() + "/" + std::to_string(import_no_)) {}

  ~RocksImport() override {
    // Failures here leave files and staged data that the next Open() removes.
    if (!finished_) static_cast<void>(store_->DiscardStaged(import_no_));
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  Status Add(const v1::Record& record, int64_t line, DiagnosticList* errors) override;
  Status AddInvalid(const v1::Record& partial, int64_t line) override;
  Status Commit(bool dry_run, DiagnosticList* errors) override;
  const ImportStats& stats() const override { return stats_; }

 private:
  // What this import knows of a global key.
  enum class KeyState : char {
    kDefined = 'D',     // a line of this file defines it
    kReferenced = 'R',  // referenced, not (yet) defined: its id is reserved
    kStored = 'S',      // in the store before this import
  };
  struct KeyEntry {
    NodeId id = 0;
    KeyState state = KeyState::kReferenced;
    int64_t line = 0;  // where it was defined or first referenced
  };

  // What the import knows of `global_key`; false when nothing. Sets `io_`
  // on a storage error.
  bool FindKey(const std::string& global_key, KeyEntry* entry);
  Status PutKey(const std::string& global_key, const KeyEntry& entry);
  // Moves the key map to the staging family when it outgrows its budget.
  Status SpillKeys();
  // The node id of a reference target; stages a pending check for targets
  // not defined yet. 0 on a storage error (set in `io_`).
  NodeId ResolveTarget(const model::Reference& ref, int64_t line);
  Status StoredId(const std::string& global_key, NodeId* id);  // 0 when absent
  void AddOp(Family family, bool put, const std::string& key, const std::string& value);
  Status MaybeFlush();
  Status FlushStaging();
  Status SpillOps();
  // Merges the sorted runs into `ingestion`; on equal keys the later run wins.
  Status IngestRuns(SstIngestion* ingestion);

  RocksStore* store_;
  std::unique_lock<std::mutex> lock_;
  uint64_t import_no_;
  NodeId next_id_;
  const NodeId first_new_id_;  // the first id this import gives
  std::shared_ptr<const View> before_;  // the store this import changes (taken with the import lock held)
  ImportStats stats_;
  // The keys this import has met, in memory up to a budget (then spilled to
  // the staging family, which is searched after the map).
  std::unordered_map<std::string, KeyEntry> keys_;
  size_t keys_bytes_ = 0;
  bool keys_spilled_ = false;
  rocksdb::WriteBatch staging_;  // staging-family writes not yet written
  rocksdb::WriteBatch ops_;      // the import's writes, in order
  // Writes spilled from memory: sorted runs, as SST files of keys
  // family(1) | key and values op(1: 'P' put, 'D' delete) | value.
  std::string directory_;  // this import's files
  std::vector<std::string> runs_;
  bool spilled_ = false;
  uint64_t pending_seq_ = 0;
  bool finished_ = false;
  Status io_;
};

bool RocksImport::FindKey(const std::string& global_key, KeyEntry* entry) {
  auto it = keys_.find(global_key);
  if (it != keys_.end()) {
    *entry = it->second;
    return true;
  }
  if (!keys_spilled_) return false;
  std::string value;
  rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(kStaging),
                                        StagingPrefix(import_no_, kTagKey) + global_key, &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) {
    io_ = FromRocks(s, "reading staged keys");
    return false;
  }
  if (value.size() != kIdSize + 1 + 8) {
    io_ = Status::Corruption("staged key entry has a bad size");
    return false;
  }
  entry->id = DecodeFixed64BE(value);
  entry->state = static_cast<KeyState>(value[kIdSize]);
  entry->line = static_cast<int64_t>(DecodeFixed64BE(std::string_view(value).substr(kIdSize + 1)));
  return true;
}

Status RocksImport::PutKey(const std::string& global_key, const KeyEntry& entry) {
  auto [it, inserted] = keys_.insert_or_assign(global_key, entry);
  // Rough cost of a map node: the key, the entry, hashing and allocation.
  if (inserted) keys_bytes_ += global_key.size() + sizeof(KeyEntry) + 64;
  if (keys_bytes_ > store_->options().import_memory_bytes / kKeysShare) return SpillKeys();
  return Status::Ok();
}

Status RocksImport::SpillKeys() {
  for (const auto& [global_key, entry] : keys_) {
    std::string value;
    PutFixed64BE(&value, entry.id);
    value.push_back(static_cast<char>(entry.state));
    PutFixed64BE(&value, static_cast<uint64_t>(entry.line));
    staging_.Put(store_->cf(kStaging), StagingPrefix(import_no_, kTagKey) + global_key, value).PermitUncheckedError();
  }
  keys_.clear();
  keys_bytes_ = 0;
  keys_spilled_ = true;
  return FlushStaging();
}

Status RocksImport::StoredId(const std::string& global_key, NodeId* id) {
  std::string value;
  rocksdb::Status s = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(kIds), global_key, &value);
  *id = 0;
  if (s.IsNotFound()) return Status::Ok();
  if (!s.ok()) return FromRocks(s, "reading ids");
  auto decoded = DecodeIdValue(global_key, value);
  if (!decoded.ok()) return decoded.status();
  *id = *decoded;
  return Status::Ok();
}

NodeId RocksImport::ResolveTarget(const model::Reference& ref, int64_t line) {
  KeyEntry entry;
  if (!FindKey(ref.target, &entry)) {
    if (!io_.ok()) return 0;
    NodeId stored;
    Status s = StoredId(ref.target, &stored);
    if (s.ok()) {
      // Remember stored targets too: files refer to the same few often.
      entry = stored != 0 ? KeyEntry{stored, KeyState::kStored, line}
                          : KeyEntry{next_id_++, KeyState::kReferenced, line};  // reserve; may come later
      s = PutKey(ref.target, entry);
    }
    if (!s.ok()) {
      io_ = s;
      return 0;
    }
  }
  if (entry.state == KeyState::kReferenced) {
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

Status RocksImport::Add(const v1::Record& record, int64_t line, DiagnosticList* errors) {
  if (!io_.ok()) return io_;
  const std::string global_key = model::GlobalKey(record.agency(), record.id());
  KeyEntry entry;
  bool known = FindKey(global_key, &entry);
  if (!io_.ok()) return io_;
  if (known && entry.state == KeyState::kDefined) {
    errors->Add({line, "id", "\"" + global_key + "\" is defined twice in this file (first on line " +
                                 std::to_string(entry.line) + ")"});
    return Status::Ok();
  }
  NodeId id = 0;
  bool replaced = false;
  if (known) {
    id = entry.id;  // referenced earlier in the file, or met in the store
    replaced = entry.state == KeyState::kStored;
  } else {
    Status s = StoredId(global_key, &id);
    if (!s.ok()) return s;
    replaced = id != 0;
    if (!replaced) id = next_id_++;
  }
  Status s = PutKey(global_key, {id, KeyState::kDefined, line});
  if (!s.ok()) return s;
  ++stats_.records;
  if (replaced) {
    ++stats_.replaced;
    ++stats_.replaced_by_agency[record.agency()];
    stats_.replaced_ids.push_back(id);
    // Remove what the stored version derived; its targets are all stored.
    std::string old_bytes;
    rocksdb::Status rs = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(kNodes), EncodeNodeKey(id), &old_bytes);
    if (!rs.ok()) return FromRocks(rs, "reading the stored version of " + global_key);
    v1::Record old;
    if (!old.ParseFromString(old_bytes)) return Status::Corruption("stored " + global_key + " does not parse");
    Status lookup_status;
    auto entries = RocksStore::IndexEntries(old, id, [&](const model::Reference& ref) {
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
  auto entries = RocksStore::IndexEntries(record, id, [&](const model::Reference& ref) {
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
    const std::string global_key = model::GlobalKey(partial.agency(), partial.id());
    KeyEntry entry;
    bool known = FindKey(global_key, &entry);
    if (!io_.ok()) return io_;
    if (!known || entry.state != KeyState::kDefined) {
      Status s = PutKey(global_key, {known ? entry.id : next_id_++, KeyState::kDefined, line});
      if (!s.ok()) return s;
    }
  }
  for (const auto& ref : model::CollectReferences(partial)) ResolveTarget(ref, line);
  if (!io_.ok()) return io_;
  return MaybeFlush();
}

Status RocksImport::MaybeFlush() {
  const size_t budget = store_->options().import_memory_bytes;
  if (staging_.GetDataSize() > budget / kStagingShare) {
    Status s = FlushStaging();
    if (!s.ok()) return s;
  }
  if (ops_.GetDataSize() > budget / kWritesShare) return SpillOps();
  return Status::Ok();
}

Status RocksImport::FlushStaging() {
  if (staging_.Count() == 0) return Status::Ok();
  // Not synced: staged keys and reference checks only serve this import,
  // and the next Open() removes what a crash leaves.
  rocksdb::Status s = store_->db()->Write(rocksdb::WriteOptions(), &staging_);
  staging_.Clear();
  return FromRocks(s, "staging an import");
}

// Sorts the pending writes and writes them out as the next run.
Status RocksImport::SpillOps() {
  if (ops_.Count() == 0) return Status::Ok();
  std::vector<Op> sorted;
  Status s = SortOps(ops_, store_->handles_, &sorted);
  if (!s.ok()) return s;
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return Status::IoError("creating " + directory_ + ": " + error.message());
  std::string path = directory_ + "/run-" + std::to_string(runs_.size()) + ".sst";
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), store_->db_options());
  rocksdb::Status rs = writer.Open(path);
  std::string key, value;
  for (size_t i = 0; rs.ok() && i < sorted.size(); ++i) {
    key.assign(1, static_cast<char>(sorted[i].family));
    key.append(sorted[i].key.data(), sorted[i].key.size());
    value.assign(1, sorted[i].put ? 'P' : 'D');
    value.append(sorted[i].value.data(), sorted[i].value.size());
    rs = writer.Put(key, value);
  }
  if (rs.ok()) rs = writer.Finish();
  if (!rs.ok()) return FromRocks(rs, "spilling an import to " + path);
  runs_.push_back(path);
  ops_.Clear();
  spilled_ = true;
  return Status::Ok();
}

Status RocksImport::Commit(bool dry_run, DiagnosticList* errors) {
  // However it ends, the next import need not wait for this one's owner
  // (which may stream a dry run's diagnostics to a slow client); what is
  // left of it is its own staging, which its destructor removes.
  struct ReleaseImportLock {
    std::unique_lock<std::mutex>* lock;
    ~ReleaseImportLock() {
      if (lock->owns_lock()) lock->unlock();
    }
  } release{&lock_};
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
    bool known = FindKey(target, &entry);
    if (!io_.ok()) return io_;
    if (!known || entry.state != KeyState::kDefined) {
      errors->Add({line, field, "no record \"" + target + "\" in this file or the store"});
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "checking references");
  it.reset();

  if (!errors->empty()) return Status::InvalidArgument(std::to_string(errors->total()) + " errors");
  if (dry_run) return Status::Ok();  // the destructor discards the staging

  // From here to the publication, findings writes wait, so that each view's
  // counters match its data.
  std::unique_lock<std::mutex> commit_lock(store_->commit_mutex_);
  std::string next_id_value, imports_value;
  PutFixed64BE(&next_id_value, next_id_);
  ops_.Put(store_->cf(kMeta), kNextIdKey, next_id_value).PermitUncheckedError();
  const uint64_t imports = store_->imports() + 1;
  PutFixed64BE(&imports_value, imports);
  ops_.Put(store_->cf(kMeta), kImportsKey, imports_value).PermitUncheckedError();
  if (!spilled_ && ops_.GetDataSize() <= store_->options().direct_write_bytes) {
    // A small import: one synced write batch, in key order.
    std::vector<Op> sorted;
    s = SortOps(ops_, store_->handles_, &sorted);
    if (!s.ok()) return s;
    rocksdb::WriteBatch batch;
    for (const Op& op : sorted) {
      auto* handle = store_->cf(static_cast<Family>(op.family));
      rocksdb::Status put = op.put ? batch.Put(handle, op.key, op.value) : batch.Delete(handle, op.key);
      if (!put.ok()) return FromRocks(put, "writing the import");
    }
    rocksdb::WriteOptions synced;
    synced.sync = true;
    s = FromRocks(store_->db()->Write(synced, &batch), "writing the import");
  } else {
    // A large one: sorted SST files per family, ingested in one atomic step.
    SstIngestion ingestion(store_, directory_);
    if (!spilled_) {
      std::vector<Op> sorted;
      s = SortOps(ops_, store_->handles_, &sorted);
      for (size_t i = 0; s.ok() && i < sorted.size(); ++i) {
        s = ingestion.Add(static_cast<Family>(sorted[i].family), sorted[i].put, sorted[i].key, sorted[i].value);
      }
    } else {
      s = SpillOps();
      if (s.ok()) s = IngestRuns(&ingestion);
    }
    if (s.ok()) s = ingestion.Finish();
  }
  if (!s.ok()) return s;
  finished_ = true;
  store_->Publish(next_id_, imports);
  commit_lock.unlock();
  stats_.number = imports;
  stats_.new_begin = first_new_id_;
  stats_.new_end = next_id_;
  // The import lock, still held, keeps the feed in commit order.
  store_->PublishImport({imports, std::move(before_), stats_.TouchedIds()});
  static_cast<void>(store_->DiscardStaged(import_no_));  // a failure here is cleaned up at the next Open()
  return Status::Ok();
}

Status RocksImport::IngestRuns(SstIngestion* ingestion) {
  struct Run {
    std::unique_ptr<rocksdb::SstFileReader> reader;
    std::unique_ptr<rocksdb::Iterator> it;
  };
  std::vector<Run> runs(runs_.size());
  for (size_t i = 0; i < runs_.size(); ++i) {
    runs[i].reader = std::make_unique<rocksdb::SstFileReader>(store_->db_options());
    rocksdb::Status s = runs[i].reader->Open(runs_[i]);
    if (!s.ok()) return FromRocks(s, "reading " + runs_[i]);
    rocksdb::ReadOptions options;
    options.readahead_size = 1 << 20;
    options.fill_cache = false;  // temporary runs must not evict the store's blocks
    runs[i].it.reset(runs[i].reader->NewIterator(options));
    runs[i].it->SeekToFirst();
  }
  // A min-heap of runs by current key; on equal keys the later run first.
  auto after = [&runs](size_t a, size_t b) {
    int order = runs[a].it->key().compare(runs[b].it->key());
    return order != 0 ? order > 0 : a < b;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(after)> heap(after);
  for (size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].it->Valid()) heap.push(i);
  }
  std::string key;
  while (!heap.empty()) {
    size_t top = heap.top();
    heap.pop();
    rocksdb::Slice value = runs[top].it->value();
    key = runs[top].it->key().ToString();
    if (key.empty() || value.empty() || static_cast<size_t>(key[0]) >= kFamilyCount) {
      return Status::Corruption("a spilled write has a bad layout in " + runs_[top]);
    }
    Status s = ingestion->Add(static_cast<Family>(key[0]), value[0] == 'P', rocksdb::Slice(key.data() + 1, key.size() - 1),
                              rocksdb::Slice(value.data() + 1, value.size() - 1));
    if (!s.ok()) return s;
    // Earlier runs' writes of the same key are superseded.
    for (size_t run = top;;) {
      runs[run].it->Next();
      if (runs[run].it->Valid()) heap.push(run);
      else if (!runs[run].it->status().ok()) return FromRocks(runs[run].it->status(), "reading " + runs_[run]);
      if (heap.empty() || runs[heap.top()].it->key() != rocksdb::Slice(key)) break;
      run = heap.top();
      heap.pop();
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<Import>> RocksStore::BeginImport() {
  std::unique_lock<std::mutex> lock(import_mutex_);
  return std::unique_ptr<Import>(new RocksImport(this, std::move(lock)));
}

}  // namespace palermo::store
