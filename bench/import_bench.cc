// import-bench: import throughput and peak memory of palermod for generated
// files of 10^4, 10^5 and 10^6 records, through gRPC and through the CLI,
// beside the raw RocksDB limit: the same keys and values the import stored,
// written by a plain WriteBatch loop (no gRPC, no parsing, no checks).
//
// Each size runs on fresh data directories under --work. Prints a Markdown
// table; bench/README.md keeps the figures of a run. One more row gives the
// share of parsing and checking: format::ParseCaseLine over every line of
// the file held in memory, in this process, with no store behind it.
#include <grpcpp/grpcpp.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <tuple>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "common/subprocess.h"
#include "format/case_format.h"
#include "palermo/v1/graph.grpc.pb.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = palermo::v1;
using palermo::bench::Clock;
using palermo::bench::Seconds;


struct Figures {
  double seconds = 0;
  long peak_server_bytes = 0;
  long peak_client_bytes = 0;
};

bool ImportThroughGrpc(const std::string& address, const std::string& file, Figures* figures) {
  auto stub = v1::GraphService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  v1::ImportResponse response;
  std::ifstream in(file, std::ios::binary);
  std::string buffer(1 << 20, '\0');
  auto start = Clock::now();
  auto writer = stub->Import(&context, &response);
  v1::ImportRequest request;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() <= 0) break;
    request.set_chunk(buffer.data(), static_cast<size_t>(in.gcount()));
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  figures->seconds = Seconds(start);
  if (!status.ok()) std::cerr << "import-bench: gRPC import failed: " << status.error_message() << "\n";
  return status.ok();
}

// Reads every entry palermod stored in `from` and groups it by the record
// it belongs to (ids and nodes by node id; edges, times and identifier
// entries by the record that made them). Then times writing them into a
// fresh database at `to`, record after record in import order, as a plain
// loop would: WriteBatches of about `batch_bytes`, the WAL on, the last one
// synced. No parsing, no checks, no lookups, no gRPC. With `sorted_keys`
// the entries go family by family in key order instead: the fastest order
// for RocksDB, which no importer of a stream of records gets for free.
bool RawWriteLimit(const std::string& from, const std::string& to, size_t batch_bytes, bool sorted_keys,
                   double* seconds) {
  const std::vector<std::string> data_families = {"ids", "nodes", "out", "in", "time", "ident", "meta"};
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {{rocksdb::kDefaultColumnFamilyName, {}}};
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), from, &names).ok()) return false;
  for (const auto& name : names) {
    if (name != rocksdb::kDefaultColumnFamilyName) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* source = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), from, families, &handles, &source).ok()) return false;
  struct Entry {
    uint64_t owner;
    int order;  // position of the family in data_families
    size_t family;
    std::string key, value;
  };
  auto u64 = [](const rocksdb::Slice& s, size_t at) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
    return v;
  };
  std::vector<Entry> entries;
  for (size_t f = 0; f < handles.size(); ++f) {
    auto order = std::find(data_families.begin(), data_families.end(), families[f].name);
    if (order == data_families.end()) continue;
    std::unique_ptr<rocksdb::Iterator> it(source->NewIterator(rocksdb::ReadOptions(), handles[f]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      rocksdb::Slice k = it->key(), v = it->value();
      const std::string& name = families[f].name;
      uint64_t owner = ~0ull;  // meta last
      if (name == "ids") owner = u64(v, 0);
      else if (name == "nodes" || name == "out") owner = u64(k, 0);
      else if (name == "in" || name == "time" || name == "ident") owner = u64(k, k.size() - 8);
      entries.push_back({owner, static_cast<int>(order - data_families.begin()), f, k.ToString(), v.ToString()});
    }
  }
  if (!sorted_keys) {
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.owner, a.order) < std::tie(b.owner, b.order);
    });
  }  // else: as read, family by family in key order, the best case for RocksDB
  for (auto* h : handles) source->DestroyColumnFamilyHandle(h);
  delete source;

  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  std::vector<rocksdb::ColumnFamilyHandle*> target_handles;
  rocksdb::DB* target = nullptr;
  if (!rocksdb::DB::Open(options, to, families, &target_handles, &target).ok()) return false;
  auto start = Clock::now();
  rocksdb::WriteBatch batch;
  bool ok = true;
  for (const auto& e : entries) {
    batch.Put(target_handles[e.family], e.key, e.value).PermitUncheckedError();
    if (batch.GetDataSize() >= batch_bytes) {
      ok = ok && target->Write(rocksdb::WriteOptions(), &batch).ok();
      batch.Clear();
    }
  }
  rocksdb::WriteOptions synced;
  synced.sync = true;
  ok = ok && target->Write(synced, &batch).ok();
  *seconds = Seconds(start);
  for (auto* h : target_handles) target->DestroyColumnFamilyHandle(h);
  delete target;
  return ok;
}

// Seconds to parse and check every line of `file` (read into memory
// first, not timed) with format::ParseCaseLine; false when a line is bad.
bool ParseOnly(const std::string& file, double* seconds) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  v1::Record record;
  palermo::DiagnosticList errors, warnings;
  std::string_view rest = text;
  int64_t line_number = 0;
  auto start = Clock::now();
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    palermo::format::ParseCaseLine(line, ++line_number, "bench", &record, &errors, &warnings);
  }
  *seconds = Seconds(start);
  return errors.empty();
}

std::string Rate(uint64_t records, double seconds) {
  std::ostringstream out;
  out.precision(0);
  out << std::fixed << (seconds > 0 ? records / seconds : 0);
  return out.str();
}

std::string Mebibytes(long bytes) {
  std::ostringstream out;
  out.precision(0);
  out << std::fixed << bytes / (1024.0 * 1024.0);
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint64_t> sizes = {10000, 100000, 1000000};
  std::string work = (fs::temp_directory_path() / "palermo-import-bench").string();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--sizes" && i + 1 < argc) {
      sizes = palermo::bench::ParseSizes(argv[++i]);
    } else if (arg == "--work" && i + 1 < argc) {
      work = argv[++i];
    } else {
      std::cerr << "usage: import-bench [--sizes N,N,...] [--work DIR]\n";
      return 2;
    }
  }
  fs::remove_all(work);
  fs::create_directories(work);
  std::cout << "| records | file MB | path | seconds | records/s | % of raw | palermod peak MiB | client peak MiB |\n"
            << "|---:|---:|---|---:|---:|---:|---:|---:|\n";
  for (uint64_t size : sizes) {
    const std::string dir = work + "/" + std::to_string(size);
    fs::create_directories(dir);
    const std::string file = dir + "/cases.jsonl";
    palermo::bench::GeneratorOptions options;
    options.persons = 0;
    options.records = size;
    options.seed = 7;
    uint64_t records;
    {
      std::ofstream cases(file, std::ios::binary), truth(dir + "/truth.jsonl", std::ios::binary);
      records = palermo::bench::Generate(options, cases, truth).records;
    }
    const double file_mb = fs::file_size(file) / 1e6;

    Figures grpc_figures, cli_figures;
    {
      palermo::process::Palermod server(PALERMOD_PATH, dir + "/grpc-data", dir + "/grpc.log");
      if (!server.running() || !ImportThroughGrpc(server.address(), file, &grpc_figures)) return 1;
      grpc_figures.peak_server_bytes = server.PeakMemoryBytes();
      grpc_figures.peak_client_bytes = 0;  // this process; reported separately below
      server.Kill(SIGTERM);
    }
    {
      palermo::process::Palermod server(PALERMOD_PATH, dir + "/cli-data", dir + "/cli.log");
      if (!server.running()) return 1;
      auto start = Clock::now();
      auto outcome = palermo::process::Run({PALERMO_CLI_PATH, "--server", server.address(), "import", file}, dir + "/cli");
      cli_figures.seconds = Seconds(start);
      if (outcome.exit_code != 0) {
        std::cerr << "import-bench: CLI import failed: " << outcome.err << "\n";
        return 1;
      }
      cli_figures.peak_server_bytes = server.PeakMemoryBytes();
      cli_figures.peak_client_bytes = outcome.peak_memory_bytes;
      server.Kill(SIGTERM);
    }
    double parse_seconds = 0;
    if (!ParseOnly(file, &parse_seconds)) {
      std::cerr << "import-bench: the generated file does not parse\n";
      return 1;
    }
    double raw_seconds = 0, sorted_seconds = 0;
    if (!RawWriteLimit(dir + "/grpc-data", dir + "/raw-data", size_t{8} << 20, false, &raw_seconds) ||
        !RawWriteLimit(dir + "/grpc-data", dir + "/raw-sorted-data", size_t{8} << 20, true, &sorted_seconds)) {
      std::cerr << "import-bench: raw write failed\n";
      return 1;
    }
    auto row = [&](const char* path, const Figures& f, bool has_client) {
      std::cout << "| " << records << " | " << static_cast<long>(file_mb) << " | " << path << " | " << f.seconds << " | "
                << Rate(records, f.seconds) << " | " << static_cast<int>(100 * raw_seconds / f.seconds) << "% | "
                << Mebibytes(f.peak_server_bytes) << " | " << (has_client ? Mebibytes(f.peak_client_bytes) : "-")
                << " |\n";
    };
    row("gRPC stream", grpc_figures, false);
    row("palermo import (CLI)", cli_figures, true);
    std::cout << "| " << records << " | " << static_cast<long>(file_mb) << " | ParseCaseLine only (no gRPC, no store) | "
              << parse_seconds << " | " << Rate(records, parse_seconds) << " | - | - | - |\n";
    std::cout << "| " << records << " | " << static_cast<long>(file_mb) << " | raw WriteBatch loop, record order | "
              << raw_seconds << " | " << Rate(records, raw_seconds) << " | 100% | - | - |\n";
    std::cout << "| " << records << " | " << static_cast<long>(file_mb) << " | raw WriteBatch loop, sorted keys | "
              << sorted_seconds << " | " << Rate(records, sorted_seconds) << " | "
              << static_cast<int>(100 * raw_seconds / sorted_seconds) << "% | - | - |\n";
    std::cout.flush();
    fs::remove_all(dir);
  }
  return 0;
}
