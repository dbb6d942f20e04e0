#include "store/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/write_buffer_manager.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <queue>
#include <unordered_map>

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
constexpr char kImportsKey[] = "imports";
constexpr char kFindingsMarkKey[] = "findings_mark";

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

std::string StagingPrefix(uint64_t import_no, char tag) {
  std::string key;
  PutFixed64BE(&key, import_no);
  key.push_back(tag);
  return key;
}

// The node id held by the ids entry of `global_key`.
Result<NodeId> DecodeIdValue(std::string_view global_key, const std::string& value) {
  if (value.size() != kIdSize) return Status::Corruption("ids entry of " + std::string(global_key) + " has a bad size");
  return DecodeFixed64BE(value);
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
  RocksView(const RocksStore* store, const rocksdb::Snapshot* snapshot, uint64_t record_count, uint64_t imports);
  ~RocksView() override;

  Result<NodeId> Lookup(std::string_view global_key) const override;
  Status Get(NodeId id, v1::Record* record) const override;
  Status ForEachEdge(NodeId id, Direction direction,
                     const std::function<void(v1::EdgeLabel, NodeId)>& fn) const override;
  Status ForEachEdgeOfEach(const std::vector<NodeId>& ids, Direction direction,
                           const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const override;
  Status ForEachRecord(const std::function<bool(NodeId, const v1::Record&)>& fn) const override;
  Status GetMany(const std::vector<NodeId>& ids,
                 const std::function<void(NodeId, const v1::Record&)>& fn) const override;
  Status ForEachKind(const std::function<void(NodeId, v1::Kind)>& fn) const override;
  Status ForEachEdgeOfAll(const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const override;
  uint64_t RecordCount() const override { return record_count_; }
  uint64_t Imports() const override { return imports_; }

  Result<FindingsMark> GetFindingsMark() const override;
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
                                              const std::function<NodeId(const format::Reference&)>& resolve);

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
  uint64_t next_id_ = 1;
  uint64_t imports_ = 0;
  uint64_t last_import_no_ = 0;
};

// ---------------------------------------------------------------------------
// View

RocksView::RocksView(const RocksStore* store, const rocksdb::Snapshot* snapshot, uint64_t record_count,
                     uint64_t imports)
    : store_(store), snapshot_(snapshot), record_count_(record_count), imports_(imports) {}

RocksView::~RocksView() { store_->db()->ReleaseSnapshot(snapshot_); }

Result<NodeId> RocksView::Lookup(std::string_view global_key) const {
  std::string value;
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kIds), rocksdb::Slice(global_key.data(), global_key.size()), &value);
  if (s.IsNotFound()) return Status::NotFound("no record " + std::string(global_key));
  if (!s.ok()) return FromRocks(s, "reading ids");
  return DecodeIdValue(global_key, value);
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
  return ForEachEdgeOfEach({id}, direction, [&](NodeId, v1::EdgeLabel label, NodeId other) { fn(label, other); });
}

Status RocksView::ForEachEdgeOfEach(const std::vector<NodeId>& ids, Direction direction,
                                    const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db()->NewIterator(Options(), store_->cf(direction == Direction::kOut ? kOut : kIn)));
  for (NodeId id : ids) {
    for (it->Seek(EncodeEdgePrefix(id)); it->Valid(); it->Next()) {
      EdgeKey key;
      if (!DecodeEdgeKey(std::string_view(it->key().data(), it->key().size()), &key)) {
        return Status::Corruption("edge key of node " + std::to_string(id) + " has a bad size");
      }
      if (key.first != id) break;
      fn(id, static_cast<v1::EdgeLabel>(key.label), key.second);
    }
    if (!it->status().ok()) break;
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

Status RocksView::GetMany(const std::vector<NodeId>& ids,
                          const std::function<void(NodeId, const v1::Record&)>& fn) const {
  constexpr NodeId kStepsBeforeSeek = 16;  // closer ids are reached by Next(), farther ones by Seek()
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(Options(), store_->cf(kNodes)));
  v1::Record record;
  for (NodeId id : ids) {
    NodeId at = 0;
    if (it->Valid()) at = DecodeNodeKey(std::string_view(it->key().data(), it->key().size()));
    if (!it->Valid() || at > id || id - at > kStepsBeforeSeek) {
      it->Seek(EncodeNodeKey(id));
    } else {
      while (it->Valid() && DecodeNodeKey(std::string_view(it->key().data(), it->key().size())) < id) it->Next();
    }
    if (!it->Valid()) {
      if (!it->status().ok()) break;
      continue;
    }
    if (DecodeNodeKey(std::string_view(it->key().data(), it->key().size())) != id) continue;
    if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("node " + std::to_string(id) + " does not parse");
    }
    fn(id, record);
  }
  return FromRocks(it->status(), "reading nodes");
}

Status RocksView::ForEachKind(const std::function<void(NodeId, v1::Kind)>& fn) const {
  rocksdb::ReadOptions options = Options();
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(options, store_->cf(kNodes)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    NodeId id = DecodeNodeKey(std::string_view(it->key().data(), it->key().size()));
    // Reads fields up to `kind` (4) and skips the rest: a whole parse costs
    // ten times more.
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(it->value().data()),
                                              static_cast<int>(it->value().size()));
    v1::Kind kind = v1::KIND_UNSPECIFIED;
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
      if (tag == ((v1::Record::kKindFieldNumber << 3) | 0)) {
        uint32_t value = 0;
        if (!in.ReadVarint32(&value)) return Status::Corruption("node " + std::to_string(id) + " does not parse");
        kind = static_cast<v1::Kind>(value);
        break;
      }
      if (google::protobuf::internal::WireFormatLite::GetTagFieldNumber(tag) > v1::Record::kKindFieldNumber) break;
      if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
        return Status::Corruption("node " + std::to_string(id) + " does not parse");
      }
    }
    fn(id, kind);
  }
  return FromRocks(it->status(), "reading nodes");
}

Status RocksView::ForEachEdgeOfAll(const std::function<void(NodeId, v1::EdgeLabel, NodeId)>& fn) const {
  rocksdb::ReadOptions options = Options();
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(options, store_->cf(kOut)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EdgeKey key;
    if (!DecodeEdgeKey(std::string_view(it->key().data(), it->key().size()), &key)) {
      return Status::Corruption("an edge key has a bad size");
    }
    fn(key.first, static_cast<v1::EdgeLabel>(key.label), key.second);
  }
  return FromRocks(it->status(), "reading edges");
}

Result<FindingsMark> RocksView::GetFindingsMark() const {
  std::string value;
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kMeta), kFindingsMarkKey, &value);
  FindingsMark mark;
  if (s.IsNotFound()) return mark;
  if (!s.ok()) return FromRocks(s, "reading the findings mark");
  if (value.size() < kIdSize) return Status::Corruption("the findings mark has a bad size");
  mark.present = true;
  mark.imports = DecodeFixed64BE(value);
  mark.fingerprint = value.substr(kIdSize);
  return mark;
}

Status RocksView::GetFinding(const FindingKey& key, std::string* value) const {
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kFindings), EncodeFindingKey(key), value);
  if (s.IsNotFound()) return Status::NotFound("no finding " + key.id);
  return FromRocks(s, "reading findings");
}

namespace {

// Iterates `family` over the keys that start with `prefix`, from `start`
// (which must start with it), calling fn(key, value) until it returns false.
Status ScanPrefix(rocksdb::DB* db, rocksdb::ReadOptions options, rocksdb::ColumnFamilyHandle* family,
                  const std::string& prefix, const std::string& start,
                  const std::function<bool(std::string_view, std::string_view)>& fn) {
  std::string upper = prefix;
  // The first key after every key with this prefix (prefixes here never end in 0xff).
  while (!upper.empty() && static_cast<unsigned char>(upper.back()) == 0xff) upper.pop_back();
  if (!upper.empty()) upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options, family));
  for (it->Seek(start); it->Valid(); it->Next()) {
    if (!fn(std::string_view(it->key().data(), it->key().size()),
            std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return FromRocks(it->status(), "reading findings");
}

}  // namespace

Status RocksView::FindingsOfAll(const std::vector<std::string>& global_keys, std::vector<FindingKey>* keys) const {
  std::vector<std::string> prefixes;
  prefixes.reserve(global_keys.size());
  for (const auto& key : global_keys) prefixes.push_back(EncodeFindingIndexPrefix(key));
  std::sort(prefixes.begin(), prefixes.end());  // one iterator, moving forward
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(Options(), store_->cf(kFindings)));
  for (const auto& prefix : prefixes) {
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      FindingKey finding;
      if (!DecodeFindingIndexKey(std::string_view(it->key().data(), it->key().size()), &finding)) {
        return Status::Corruption("a findings index entry has a bad layout");
      }
      keys->push_back(std::move(finding));
    }
    if (!it->status().ok()) break;
  }
  return FromRocks(it->status(), "reading findings");
}

Status RocksView::ForEachFinding(std::string_view type, const FindingKey* after,
                                 const std::function<bool(const FindingKey&, std::string_view value)>& fn) const {
  std::string prefix = EncodeFindingTypePrefix(type);
  std::string start = prefix;
  if (after != nullptr) {
    start = EncodeFindingKey(*after);
    start.push_back('\0');  // the first key after it
    if (start.compare(0, prefix.size(), prefix) != 0) start = std::max(start, prefix);
  }
  Status bad = Status::Ok();
  Status s = ScanPrefix(store_->db(), Options(), store_->cf(kFindings), prefix, start,
                        [&](std::string_view key, std::string_view value) {
                          FindingKey finding;
                          if (!DecodeFindingKey(key, &finding)) {
                            bad = Status::Corruption("a findings entry has a bad layout");
                            return false;
                          }
                          return fn(finding, value);
                        });
  return s.ok() ? bad : s;
}

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

// Writes sorted operations into one SST file per column family, then
// ingests them all in one atomic step (DB::IngestExternalFiles records them
// in the MANIFEST together, or not at all). Operations must come grouped by
// family and in key order within each.
class SstIngestion {
 public:
  // Writes its files into `directory` (which its owner removes).
  SstIngestion(RocksStore* store, std::string directory) : store_(store), directory_(std::move(directory)) {}

  Status Add(Family family, bool put, const rocksdb::Slice& key, const rocksdb::Slice& value) {
    if (family >= kFamilyCount) return Status::Corruption("an import write names an unknown column family");
    if (writer_ == nullptr || family != family_) {
      Status s = CloseFile();
      if (!s.ok()) return s;
      for (const auto& arg : args_) {
        if (arg.column_family == store_->cf(family)) return Status::Corruption("import writes are not grouped by family");
      }
      s = OpenFile(family);
      if (!s.ok()) return s;
    }
    rocksdb::Status s = put ? writer_->Put(key, value) : writer_->Delete(key);
    return FromRocks(s, "writing an import file");
  }

  Status Finish() {
    Status s = CloseFile();
    if (!s.ok() || args_.empty()) return s;
    return FromRocks(store_->db()->IngestExternalFiles(args_), "ingesting the import");
  }

 private:
  Status OpenFile(Family family) {
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error) return Status::IoError("creating " + directory_ + ": " + error.message());
    family_ = family;
    path_ = directory_ + "/" + kFamilyNames[family] + ".sst";
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), store_->db_options(), store_->cf(family));
    return FromRocks(writer_->Open(path_), "creating an import file");
  }

  Status CloseFile() {
    if (writer_ == nullptr) return Status::Ok();
    rocksdb::Status s = writer_->Finish();  // syncs the file
    writer_.reset();
    if (!s.ok()) return FromRocks(s, "finishing an import file");
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store_->cf(family_);
    arg.external_files = {path_};
    arg.options.move_files = true;
    arg.options.write_global_seqno = false;
    args_.push_back(std::move(arg));
    return Status::Ok();
  }

  RocksStore* store_;
  std::string directory_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  Family family_ = kDefault;
  std::string path_;
  std::vector<rocksdb::IngestExternalFileArg> args_;
};

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

  Status Add(const v1::Record& record, int64_t line, format::DiagnosticList* errors) override;
  Status AddInvalid(const v1::Record& partial, int64_t line) override;
  Status Commit(bool dry_run, format::DiagnosticList* errors) override;
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
  NodeId ResolveTarget(const format::Reference& ref, int64_t line);
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

NodeId RocksImport::ResolveTarget(const format::Reference& ref, int64_t line) {
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

Status RocksImport::Add(const v1::Record& record, int64_t line, format::DiagnosticList* errors) {
  if (!io_.ok()) return io_;
  const std::string global_key = format::GlobalKey(record.agency(), record.id());
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
    bool known = FindKey(global_key, &entry);
    if (!io_.ok()) return io_;
    if (!known || entry.state != KeyState::kDefined) {
      Status s = PutKey(global_key, {known ? entry.id : next_id_++, KeyState::kDefined, line});
      if (!s.ok()) return s;
    }
  }
  for (const auto& ref : format::CollectReferences(partial)) ResolveTarget(ref, line);
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

Status RocksStore::WriteFindings(const FindingsUpdate& update) {
  rocksdb::WriteBatch batch;
  rocksdb::Status s;
  for (const StoredFinding& f : update.removed) {
    if (s.ok()) s = batch.Delete(cf(kFindings), EncodeFindingKey(f.key));
    for (const auto& key : f.index_keys) {
      if (s.ok()) s = batch.Delete(cf(kFindings), EncodeFindingIndexKey(key, f.key));
    }
  }
  for (const StoredFinding& f : update.written) {
    if (s.ok()) s = batch.Put(cf(kFindings), EncodeFindingKey(f.key), f.value);
    for (const auto& key : f.index_keys) {
      if (s.ok()) s = batch.Put(cf(kFindings), EncodeFindingIndexKey(key, f.key), rocksdb::Slice());
    }
  }
  if (update.write_mark) {
    std::string mark;
    PutFixed64BE(&mark, update.mark.imports);
    mark += update.mark.fingerprint;
    if (s.ok()) s = batch.Put(cf(kMeta), kFindingsMarkKey, mark);
  }
  if (!s.ok()) return FromRocks(s, "writing findings");
  rocksdb::WriteOptions synced;
  synced.sync = true;
  std::lock_guard<std::mutex> commit_lock(commit_mutex_);
  Status written = FromRocks(db_->Write(synced, &batch), "writing findings");
  if (written.ok()) Publish(next_id_, imports_);
  return written;
}

void RocksStore::Publish(uint64_t next_id, uint64_t imports) {
  next_id_ = next_id;
  imports_ = imports;
  auto view = std::make_shared<RocksView>(this, db_->GetSnapshot(), next_id - 1, imports);
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
  uint64_t imports = 0;
  s = db_->Get(rocksdb::ReadOptions(), cf(kMeta), kImportsKey, &value);
  if (s.ok() && value.size() == kIdSize) imports = DecodeFixed64BE(value);
  else if (!s.IsNotFound()) return FromRocks(s, "reading the import counter");

  // Anything in staging, or waiting for ingestion, belongs to imports that
  // never committed.
  std::string lower, upper(9, '\xff');
  s = db_->DeleteRange(rocksdb::WriteOptions(), cf(kStaging), lower, upper);
  if (!s.ok()) return FromRocks(s, "clearing staged data");
  std::error_code error;
  std::filesystem::remove_all(IngestDirectory(), error);
  if (error) return Status::IoError("removing " + IngestDirectory() + ": " + error.message());
  Publish(next_id, imports);
  return Status::Ok();
}

uint64_t RocksStore::SubscribeImports(ImportListener listener) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  listeners_.emplace(++last_listener_, std::move(listener));
  return last_listener_;
}

void RocksStore::UnsubscribeImports(uint64_t id) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  listeners_.erase(id);
}

void RocksStore::PublishImport(const CommittedImport& import) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  for (const auto& [id, listener] : listeners_) listener(import);
}

StoreMemory RocksStore::Memory() const {
  StoreMemory memory;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kSizeAllMemTables, &memory.memtables);
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimateTableReadersMem, &memory.table_readers);
  // Every family shares one cache: any handle reads it.
  db_->GetIntProperty(handles_[kDefault], rocksdb::DB::Properties::kBlockCacheUsage, &memory.block_cache);
  db_->GetIntProperty(handles_[kDefault], rocksdb::DB::Properties::kBlockCacheCapacity, &memory.block_cache_capacity);
  return memory;
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  // Memory does not grow with the store: one cache for blocks, the tables'
  // index and filter blocks and (charged to it) the memtables of all
  // families, flushed together past their budget.
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.cache_bytes);
  db_options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(options.memtable_bytes, cache);

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = cache;
  table_options.cache_index_and_filter_blocks = true;
  table_options.cache_index_and_filter_blocks_with_high_priority = true;
  // Partitioned: a lookup loads the small index and filter partitions it
  // needs, never a whole file's (megabytes for a large file), so a cache
  // smaller than all of them does not thrash.
  table_options.index_type = rocksdb::BlockBasedTableOptions::IndexType::kTwoLevelIndexSearch;
  table_options.partition_filters = true;
  table_options.metadata_block_size = 4096;
  table_options.pin_top_level_index_and_filter = true;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions family_options;
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  // A family's memtable is flushed at a quarter of the budget, so that no
  // single family holds it all.
  family_options.write_buffer_size = std::max<size_t>(options.memtable_bytes / 4, size_t{1} << 20);
  // The families an import probes for keys that are mostly absent (new
  // records, spilled keys) get a Bloom filter in the memtable too. It costs
  // memory up front (a share of the write buffer), so only those two.
  rocksdb::ColumnFamilyOptions probed_options = family_options;
  probed_options.memtable_whole_key_filtering = true;
  probed_options.memtable_prefix_bloom_size_ratio = 0.05;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (size_t f = 0; f < kFamilyCount; ++f) {
    families.emplace_back(kFamilyNames[f], f == kIds || f == kStaging ? probed_options : family_options);
  }
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
  auto store = std::make_unique<RocksStore>(std::unique_ptr<rocksdb::DB>(raw), std::move(handles), options,
                                            rocksdb::Options(db_options, family_options));
  Status init = store->Initialize();
  if (!init.ok()) return init;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace palermo::store
