#include "store/rocks_store.h"

namespace palermo::store {

// ---------------------------------------------------------------------------
// The derived families (linkage, projection): reading them from a view

Result<DerivedMark> RocksView::GetDerivedMark(DerivedFamily family) const {
  return ReadMark(store_->db(), Options(), store_->cf(kMeta), MarkKeyOf(family));
}

Status RocksView::GetDerived(DerivedFamily family, std::string_view key, std::string* value) const {
  rocksdb::Status s =
      store_->db()->Get(Options(), store_->cf(FamilyOf(family)), rocksdb::Slice(key.data(), key.size()), value);
  if (s.IsNotFound()) return Status::NotFound(std::string("no ") + kFamilyNames[FamilyOf(family)] + " entry");
  return FromRocks(s, std::string("reading ") + kFamilyNames[FamilyOf(family)]);
}

Status RocksView::ForEachDerived(DerivedFamily family, std::string_view prefix, std::string_view start,
                                 const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  const std::string p(prefix);
  const std::string from = start.empty() ? p : std::string(start);
  return ScanPrefix(store_->db(), Options(), store_->cf(FamilyOf(family)), p, from, fn);
}

// ---------------------------------------------------------------------------
// Writing them

Status RocksStore::WriteDerived(DerivedFamily family, const DerivedUpdate& update) {
  rocksdb::WriteBatch batch;
  return WriteDerived(family, update, &batch);
}

Status RocksStore::WriteDerived(DerivedFamily family, const DerivedUpdate& update, rocksdb::WriteBatch* batch) {
  const std::string what = std::string("writing ") + kFamilyNames[FamilyOf(family)];
  rocksdb::ColumnFamilyHandle* handle = cf(FamilyOf(family));
  rocksdb::Status s;
  if (update.clear) {
    // Every key of these families sorts below 64 bytes 0xff: their keys are
    // a tag and at most three ids (store/keys.h).
    s = batch->DeleteRange(handle, rocksdb::Slice(""), rocksdb::Slice(std::string(64, '\xff')));
  }
  for (const std::string& key : update.deleted) {
    if (s.ok()) s = batch->Delete(handle, key);
  }
  for (const auto& [key, value] : update.written) {
    if (s.ok()) s = batch->Put(handle, key, value);
  }
  if (update.write_mark && s.ok()) s = batch->Put(cf(kMeta), MarkKeyOf(family), EncodeMark(update.mark));
  if (!s.ok()) return FromRocks(s, what);
  return CommitDerived(batch, what.c_str());
}

// ---------------------------------------------------------------------------
// Replacing them

namespace {

class RocksDerivedLoad : public DerivedLoad {
 public:
  RocksDerivedLoad(RocksStore* store, DerivedFamily family, std::string directory)
      : store_(store), family_(family), directory_(std::move(directory)), ingestion_(store, directory_) {}
  ~RocksDerivedLoad() override {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  Status Add(std::string_view key, std::string_view value) override {
    return ingestion_.Add(FamilyOf(family_), true, rocksdb::Slice(key.data(), key.size()),
                          rocksdb::Slice(value.data(), value.size()));
  }

  Status AddParts(size_t parts, const std::function<Status(size_t part, const AddFn& add)>& fill) override {
    return ingestion_.AddParts(FamilyOf(family_), parts, fill);
  }

  Status Commit(const DerivedMark& mark) override {
    DerivedUpdate clear;
    clear.clear = true;
    clear.write_mark = false;
    rocksdb::WriteBatch batch;
    rocksdb::Status s = batch.Delete(store_->cf(kMeta), MarkKeyOf(family_));
    if (!s.ok()) return FromRocks(s, "removing a derived family's mark");
    if (Status cleared = store_->WriteDerived(family_, clear, &batch); !cleared.ok()) return cleared;
    // The ingested files get sequence numbers above the range deletion.
    if (Status ingested = ingestion_.Finish(); !ingested.ok()) return ingested;
    DerivedUpdate marked;
    marked.mark = mark;
    return store_->WriteDerived(family_, marked);
  }

 private:
  RocksStore* store_;
  DerivedFamily family_;
  std::string directory_;
  SstIngestion ingestion_;
};

}  // namespace

Result<std::unique_ptr<DerivedLoad>> RocksStore::BeginDerivedLoad(DerivedFamily family) {
  const std::string directory = IngestDirectory() + "/" + kFamilyNames[FamilyOf(family)];
  std::error_code error;
  std::filesystem::remove_all(directory, error);  // what a load cut short left
  if (error) return Status::IoError("removing " + directory + ": " + error.message());
  return std::unique_ptr<DerivedLoad>(std::make_unique<RocksDerivedLoad>(this, family, directory));
}

}  // namespace palermo::store
