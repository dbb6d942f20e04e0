// Importing text into a real store, as the service does.
#pragma once

#include <string>
#include <vector>

#include "format/case_format.h"
#include "services/importer.h"
#include "store/store.h"

namespace palermo::testing {

struct ImportResult {
  Status status;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  store::ImportStats stats;
};

// Feeds `text` in chunks of `chunk_bytes` (to cut lines anywhere).
inline ImportResult ImportText(store::Store* store, const std::string& text, const std::string& agency,
                               bool dry_run = false, size_t chunk_bytes = 7) {
  services::ImporterOptions options;
  options.default_agency = agency;
  options.dry_run = dry_run;
  services::Importer importer(store, options);
  ImportResult result;
  result.status = importer.ImportText(text, chunk_bytes);
  result.errors = importer.errors().Sorted();
  result.warnings = importer.warnings().Sorted();
  result.stats = importer.stats();
  return result;
}

// Every record of the store in the case format, one per line, import order.
inline std::string ExportText(const store::Store& store) {
  std::string out;
  auto view = store.Snapshot();
  Status s = view->ForEachRecord([&](store::NodeId, const palermo::v1::Record& record) {
    format::AppendCaseLine(record, &out);
    out.push_back('\n');
    return true;
  });
  if (!s.ok()) out += "ERROR " + s.ToString();
  return out;
}

// `import_memory_bytes` and `direct_write_bytes` (when not 0) force the
// spilled and SST-ingestion paths on small data.
inline std::unique_ptr<store::Store> OpenStore(const std::string& path, size_t import_memory_bytes = 0,
                                               size_t direct_write_bytes = 0) {
  store::StoreOptions options;
  options.path = path;
  if (import_memory_bytes > 0) options.import_memory_bytes = import_memory_bytes;
  if (direct_write_bytes > 0) options.direct_write_bytes = direct_write_bytes;
  auto store = store::Store::Open(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store.value()) : nullptr;
}

}  // namespace palermo::testing
