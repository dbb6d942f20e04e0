#include "store/rocks_store.h"

namespace palermo::store {

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
  return ForEachRecordIn(0, 0, fn);
}

Status RocksView::ForEachRecordIn(NodeId first, NodeId end,
                                  const std::function<bool(NodeId, const v1::Record&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(Options(), store_->cf(kNodes)));
  v1::Record record;
  for (it->Seek(EncodeNodeKey(first)); it->Valid(); it->Next()) {
    NodeId id = DecodeNodeKey(std::string_view(it->key().data(), it->key().size()));
    if (end != 0 && id >= end) break;
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

}  // namespace palermo::store
