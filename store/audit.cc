// The audit family (store/keys.h): written only by services/audit_log.h,
// read as it is now (never through a view: an audit entry is not case data).
#include "store/rocks_store.h"

namespace palermo::store {

Status RocksStore::AppendAudit(const std::vector<std::pair<std::string, std::string>>& entries) {
  rocksdb::WriteBatch batch;
  for (const auto& [key, value] : entries) {
    rocksdb::Status s = batch.Put(cf(kAudit), key, value);
    if (!s.ok()) return FromRocks(s, "writing the audit log");
  }
  rocksdb::WriteOptions synced;
  synced.sync = true;
  return FromRocks(db_->Write(synced, &batch), "writing the audit log");
}

Status RocksStore::ForEachAudit(std::string_view prefix, std::string_view start,
                                const std::function<bool(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kAudit)));
  const std::string from(start.empty() ? prefix : start);
  for (it->Seek(from); it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "reading the audit log");
}

}  // namespace palermo::store
