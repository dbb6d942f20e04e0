#include <rocksdb/cache.h>
#include <rocksdb/write_buffer_manager.h>

#include "store/rocks_store.h"

namespace palermo::store {

// ---------------------------------------------------------------------------
// Store

Status RocksStore::DiscardStaged(uint64_t import_no) {
  std::string lower, upper;
  PutFixed64BE(&lower, import_no);
  PutFixed64BE(&upper, import_no + 1);
  return FromRocks(db_->DeleteRange(rocksdb::WriteOptions(), cf(kStaging), lower, upper), "discarding staged data");
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
