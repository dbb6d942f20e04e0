#include "store/rocks_store.h"

namespace palermo::store {

// ---------------------------------------------------------------------------
// Stored findings: reading them from a view

Result<FindingsMark> RocksView::GetFindingsMark() const {
  return ReadMark(store_->db(), Options(), store_->cf(kMeta), kFindingsMarkKey);
}

Result<DerivedMark> internal::ReadMark(rocksdb::DB* db, const rocksdb::ReadOptions& options, rocksdb::ColumnFamilyHandle* meta,
                             const char* key) {
  std::string value;
  rocksdb::Status s = db->Get(options, meta, key, &value);
  DerivedMark mark;
  if (s.IsNotFound()) return mark;
  if (!s.ok()) return FromRocks(s, std::string("reading the mark ") + key);
  if (value.size() < kIdSize) return Status::Corruption(std::string("the mark ") + key + " has a bad size");
  mark.present = true;
  mark.imports = DecodeFixed64BE(value);
  mark.fingerprint = value.substr(kIdSize);
  return mark;
}

std::string internal::EncodeMark(const DerivedMark& mark) {
  std::string value;
  PutFixed64BE(&value, mark.imports);
  value += mark.fingerprint;
  return value;
}

Status RocksView::GetFinding(const FindingKey& key, std::string* value) const {
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kFindings), EncodeFindingKey(key), value);
  if (s.IsNotFound()) return Status::NotFound("no finding " + key.id);
  return FromRocks(s, "reading findings");
}

Status internal::ScanPrefix(rocksdb::DB* db, rocksdb::ReadOptions options, rocksdb::ColumnFamilyHandle* family,
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
  return FromRocks(it->status(), "reading the store");
}


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

// ---------------------------------------------------------------------------
// Writing them

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
  if (update.write_mark && s.ok()) s = batch.Put(cf(kMeta), kFindingsMarkKey, EncodeMark(update.mark));
  if (!s.ok()) return FromRocks(s, "writing findings");
  return CommitDerived(&batch, "writing findings");
}

Status RocksStore::CommitDerived(rocksdb::WriteBatch* batch, const char* what) {
  rocksdb::WriteOptions synced;
  synced.sync = true;
  std::lock_guard<std::mutex> commit_lock(commit_mutex_);
  Status written = FromRocks(db_->Write(synced, batch), what);
  if (written.ok()) Publish(next_id_, imports_);
  return written;
}

}  // namespace palermo::store
