#include "common/parallel.h"
#include "store/rocks_store.h"

namespace palermo::store {

Status SstIngestion::Add(Family family, bool put, const rocksdb::Slice& key, const rocksdb::Slice& value) {
  if (family >= kFamilyCount) return Status::Corruption("a table file write names an unknown column family");
  if (writer_ == nullptr && family == parts_family_ && !parts_last_key_.empty() &&
      std::string_view(key.data(), key.size()) <= parts_last_key_) {
    return Status::InvalidArgument("a key after entries in parts is not above them");
  }
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

Status SstIngestion::AddParts(
    Family family, size_t parts,
    const std::function<Status(size_t, const std::function<Status(std::string_view, std::string_view)>&)>& fill) {
  if (family >= kFamilyCount) return Status::Corruption("a table file write names an unknown column family");
  if (writer_ != nullptr || !args_.empty() || (!part_files_.empty() && family != parts_family_)) {
    return Status::InvalidArgument("entries in parts are written before any other entry, for one family");
  }
  parts_family_ = family;
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return Status::IoError("creating " + directory_ + ": " + error.message());
  const size_t first = parts_begun_;  // AddParts may come more than once, its parts in order
  parts_begun_ += parts;
  auto path_of = [&](size_t part) {
    return directory_ + "/" + kFamilyNames[family] + "-part-" + std::to_string(first + part) + ".sst";
  };
  std::vector<Status> outcomes(parts, Status::Ok());
  std::vector<bool> written(parts, false);
  std::vector<std::string> first_keys(parts), last_keys(parts);  // of each part, to check the parts' order
  ParallelRanges(parts, static_cast<int>(parts), [&](size_t begin, size_t end) {
    for (size_t part = begin; part < end; ++part) {
      const std::string path = path_of(part);
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), store_->db_options(), store_->cf(family));
      Status s = FromRocks(writer.Open(path), "creating a table file");
      bool any = false;
      if (s.ok()) {
        s = fill(part, [&](std::string_view key, std::string_view value) {
          if (!any) first_keys[part] = key;
          any = true;
          last_keys[part] = key;
          return FromRocks(writer.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size())),
                           "writing a table file");
        });
      }
      // A file without entries is not finished (RocksDB refuses it) and not ingested.
      if (s.ok() && any) s = FromRocks(writer.Finish(), "finishing a table file");  // syncs the file
      outcomes[part] = s;
      written[part] = s.ok() && any;
    }
  });
  for (size_t part = 0; part < parts; ++part) {
    if (!outcomes[part].ok()) return outcomes[part];
    if (!written[part]) continue;
    // RocksDB would ingest overlapping files too (the later one winning a
    // key both hold): the order the parts promise is checked here.
    if (!parts_last_key_.empty() && first_keys[part] <= parts_last_key_) {
      return Status::InvalidArgument("a part's keys do not all come after the parts before it");
    }
    parts_last_key_ = last_keys[part];
    part_files_.emplace_back(family, path_of(part));
  }
  return Status::Ok();
}

Status SstIngestion::Finish() {
  Status s = CloseFile();
  if (!s.ok()) return s;
  // The parts' files join their family's argument (files of one family
  // whose key ranges do not overlap are ingested together).
  for (const auto& [family, path] : part_files_) {
    auto arg = std::find_if(args_.begin(), args_.end(),
                            [&](const rocksdb::IngestExternalFileArg& a) { return a.column_family == store_->cf(family); });
    if (arg == args_.end()) {
      args_.push_back(IngestArg(family));
      arg = std::prev(args_.end());
    }
    arg->external_files.push_back(path);
  }
  part_files_.clear();
  if (args_.empty()) return s;
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
  rocksdb::IngestExternalFileArg arg = IngestArg(family_);
  arg.external_files = {path_};
  args_.push_back(std::move(arg));
  return Status::Ok();
}

rocksdb::IngestExternalFileArg SstIngestion::IngestArg(Family family) const {
  rocksdb::IngestExternalFileArg arg;
  arg.column_family = store_->cf(family);
  arg.options.move_files = true;
  arg.options.write_global_seqno = false;
  return arg;
}

}  // namespace palermo::store
