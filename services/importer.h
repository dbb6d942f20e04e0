// One case-file import, fed in chunks of any size: splits lines, parses and
// checks each (format/), stages the records (store/), and commits all or
// nothing. Holds one line at a time, never the file. No gRPC here, so the
// benchmarks and tests drive it the same way the service does.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "format/case_format.h"
#include "services/record_access.h"
#include "store/store.h"

namespace palermo::services {

struct ImporterOptions {
  std::string default_agency;  // for records that name none
  // When set, a record of any other agency is an error on its line (field
  // `agency`): an authenticated agency imports only its own records. Its
  // references to records it may not see at all (services/record_access.h)
  // are errors as references to no record are, in the same words.
  std::string only_agency;
  bool dry_run = false;        // check only, write nothing
  size_t max_line_bytes = size_t{16} << 20;
  size_t keep_errors = 1000;   // diagnostics listed (all are counted)
  size_t keep_warnings = 100;
};

class Importer {
 public:
  Importer(store::Store* store, ImporterOptions options);
  ~Importer();

  // Waits for any other import to finish, then starts this one.
  Status Begin();
  // The next bytes of the file.
  Status Feed(std::string_view bytes);
  // Ends the file and commits. OK: written (or, for a dry run, checked
  // without error). InvalidArgument: the file has errors (see errors()),
  // nothing written. Other: storage failed, nothing written.
  Status Finish();
  // Begin, the whole of `text` fed in chunks of `chunk_bytes`, and Finish:
  // for callers that hold the file in memory (tests, benchmarks).
  Status ImportText(std::string_view text, size_t chunk_bytes = size_t{1} << 20);

  const DiagnosticList& errors() const { return errors_; }
  const DiagnosticList& warnings() const { return warnings_; }
  const store::ImportStats& stats() const;
  int64_t lines() const { return line_number_; }

 private:
  Status ParseLine(std::string_view line);
  // With only_agency: an error for each reference of record_ to a record
  // the agency may not see.
  Status CheckReferencesSeen();
  // Reports the line that ran past max_line_bytes and forgets it.
  void SkipLongLine();

  store::Store* store_;
  ImporterOptions options_;
  std::unique_ptr<store::Import> import_;
  std::string partial_;  // an incomplete last line of the bytes fed so far
  int64_t line_number_ = 0;
  DiagnosticList errors_;
  DiagnosticList warnings_;
  palermo::v1::Record record_;
  bool line_too_long_ = false;
  // With only_agency: the store as that agency sees it, from Begin.
  std::unique_ptr<CallerSnapshot> seen_;
};

}  // namespace palermo::services
