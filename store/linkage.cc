#include "store/rocks_store.h"

namespace palermo::store {

// ---------------------------------------------------------------------------
// The linkage family: reading it from a view

Result<DerivedMark> RocksView::GetLinkageMark() const {
  return ReadMark(store_->db(), Options(), store_->cf(kMeta), kLinkageMarkKey);
}

Status RocksView::GetLinkage(std::string_view key, std::string* value) const {
  rocksdb::Status s = store_->db()->Get(Options(), store_->cf(kLinkage), rocksdb::Slice(key.data(), key.size()), value);
  if (s.IsNotFound()) return Status::NotFound("no linkage entry");
  return FromRocks(s, "reading linkage");
}

Status RocksView::ForEachLinkage(std::string_view prefix, std::string_view start,
                                 const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  const std::string p(prefix);
  const std::string from = start.empty() ? p : std::string(start);
  return ScanPrefix(store_->db(), Options(), store_->cf(kLinkage), p, from, fn);
}

// ---------------------------------------------------------------------------
// Writing it

Status RocksStore::WriteLinkage(const LinkageUpdate& update) {
  rocksdb::WriteBatch batch;
  return WriteLinkage(update, &batch);
}

Status RocksStore::WriteLinkage(const LinkageUpdate& update, rocksdb::WriteBatch* batch) {
  rocksdb::Status s;
  if (update.clear) {
    // Every key of the family sorts below one byte 0xff followed by nothing
    // longer than the longest key: entries are at most a tag and two ids.
    s = batch->DeleteRange(cf(kLinkage), rocksdb::Slice(""), rocksdb::Slice(std::string(64, '\xff')));
  }
  for (const std::string& key : update.deleted) {
    if (s.ok()) s = batch->Delete(cf(kLinkage), key);
  }
  for (const auto& [key, value] : update.written) {
    if (s.ok()) s = batch->Put(cf(kLinkage), key, value);
  }
  if (update.write_mark && s.ok()) s = batch->Put(cf(kMeta), kLinkageMarkKey, EncodeMark(update.mark));
  if (!s.ok()) return FromRocks(s, "writing linkage");
  return CommitDerived(batch, "writing linkage");
}

// ---------------------------------------------------------------------------
// Replacing it

namespace {

class RocksLinkageLoad : public LinkageLoad {
 public:
  RocksLinkageLoad(RocksStore* store, std::string directory)
      : store_(store), directory_(std::move(directory)), ingestion_(store, directory_) {}
  ~RocksLinkageLoad() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  Status Add(std::string_view key, std::string_view value) override {
    return ingestion_.Add(kLinkage, true, rocksdb::Slice(key.data(), key.size()),
                          rocksdb::Slice(value.data(), value.size()));
  }

  Status Commit(const DerivedMark& mark) override {
    LinkageUpdate clear;
    clear.clear = true;
    clear.write_mark = false;
    rocksdb::WriteBatch batch;
    rocksdb::Status s = batch.Delete(store_->cf(kMeta), kLinkageMarkKey);
    if (!s.ok()) return FromRocks(s, "removing the linkage mark");
    if (Status cleared = store_->WriteLinkage(clear, &batch); !cleared.ok()) return cleared;
    // The ingested files get sequence numbers above the range deletion.
    if (Status ingested = ingestion_.Finish(); !ingested.ok()) return ingested;
    LinkageUpdate marked;
    marked.mark = mark;
    return store_->WriteLinkage(marked);
  }

 private:
  RocksStore* store_;
  std::string directory_;
  SstIngestion ingestion_;
};

}  // namespace

Result<std::unique_ptr<LinkageLoad>> RocksStore::BeginLinkageLoad() {
  const std::string directory = IngestDirectory() + "/linkage";
  std::error_code error;
  std::filesystem::remove_all(directory, error);  // what a load cut short left
  if (error) return Status::IoError("removing " + directory + ": " + error.message());
  return std::unique_ptr<LinkageLoad>(std::make_unique<RocksLinkageLoad>(this, directory));
}

}  // namespace palermo::store
