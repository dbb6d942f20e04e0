#include "store/rocks_store.h"

namespace palermo::store {

Status SstIngestion::Add(Family family, bool put, const rocksdb::Slice& key, const rocksdb::Slice& value) {
  if (family >= kFamilyCount) return Status::Corruption("a table file write names an unknown column family");
  if (writer_ == nullptr || family != family_) {
    Status s = CloseFile();
    if (!s.ok()) return s;
    for (const auto& arg : args_) {
      if (arg.column_family == store_->cf(family)) return Status::Corruption("table file writes are not grouped by family");
    }
    s = OpenFile(family);
    if (!s.ok()) return s;
  }
  rocksdb::Status s = put ? writer_->Put(key, value) : writer_->Delete(key);
  return FromRocks(s, "writing a table file");
}

Status SstIngestion::Finish() {
  Status s = CloseFile();
  if (!s.ok() || args_.empty()) return s;
  return FromRocks(store_->db()->IngestExternalFiles(args_), "ingesting table files");
}

Status SstIngestion::OpenFile(Family family) {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return Status::IoError("creating " + directory_ + ": " + error.message());
  family_ = family;
  path_ = directory_ + "/" + kFamilyNames[family] + ".sst";
  writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), store_->db_options(), store_->cf(family));
  return FromRocks(writer_->Open(path_), "creating a table file");
}

Status SstIngestion::CloseFile() {
  if (writer_ == nullptr) return Status::Ok();
  rocksdb::Status s = writer_->Finish();  // syncs the file
  writer_.reset();
  if (!s.ok()) return FromRocks(s, "finishing a table file");
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = store_->cf(family_);
  arg.external_files = {path_};
  arg.options.move_files = true;
  arg.options.write_global_seqno = false;
  args_.push_back(std::move(arg));
  return Status::Ok();
}

}  // namespace palermo::store
