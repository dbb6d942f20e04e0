// Fuzzes the case-line parser (format/case_format.h, format/json.h) with any
// bytes as one line. Beyond the sanitizers it checks that every diagnostic
// is valid UTF-8 (it goes into a protobuf string), that the simdjson reader
// and the reference reader of format/json.h agree on every line, and that a
// record that parses is written back as a line that parses again to the
// same record.
#include <google/protobuf/util/message_differencer.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text.h"
#include "format/case_format.h"
#include "format/json.h"

namespace {

using namespace palermo::format;
using palermo::DiagnosticList;

void Require(bool condition, const char* what, const std::string& detail) {
  if (condition) return;
  std::fprintf(stderr, "case_line_fuzz: %s: %s\n", what, palermo::EscapeForMessage(detail, 400).c_str());
  std::abort();
}

void RequireValid(const DiagnosticList& list) {
  for (const auto& d : list.Sorted()) {
    Require(palermo::IsValidUtf8(d.field), "a diagnostic field that is not valid UTF-8", d.field);
    Require(palermo::IsValidUtf8(d.reason), "a diagnostic that is not valid UTF-8", d.reason);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  if (line.find('\n') != std::string_view::npos) return 0;  // one line: the importer splits at '\n'

  JsonValue value, reference;
  std::string why, reference_why;
  bool parsed = ParseJson(line, &value, &why);
  if (!parsed) Require(palermo::IsValidUtf8(why), "a JSON error that is not valid UTF-8", why);
  // simdjson and the reference reader accept the same texts, read the same
  // values and (since ParseJson asks the reference why) give the same errors.
  bool reference_parsed = ParseJsonReference(line, &reference, &reference_why);
  Require(parsed == reference_parsed, parsed ? "simdjson accepts what the reference refuses" : "simdjson refuses what the reference accepts",
          std::string(line) + (parsed ? " -> " + reference_why : ""));
  if (parsed) {
    std::string written, reference_written;
    AppendJson(value, &written);
    AppendJson(reference, &reference_written);
    Require(written == reference_written, "simdjson and the reference read different values",
            written + " / " + reference_written);
  } else {
    Require(why == reference_why, "simdjson's error differs from the reference's", why + " / " + reference_why);
  }

  palermo::v1::Record record;
  DiagnosticList errors, warnings;
  LineOutcome outcome = ParseCaseLine(line, 1, "fuzz", &record, &errors, &warnings);
  RequireValid(errors);
  RequireValid(warnings);
  Require((outcome == LineOutcome::kInvalid) == !errors.empty(), "the outcome disagrees with the errors", "");
  if (outcome != LineOutcome::kRecord) return 0;

  std::string written;
  AppendCaseLine(record, &written);
  palermo::v1::Record again;
  DiagnosticList errors_again, warnings_again;
  LineOutcome outcome_again = ParseCaseLine(written, 1, "other", &again, &errors_again, &warnings_again);
  Require(outcome_again == LineOutcome::kRecord, "a written record does not parse again",
          written + (errors_again.empty() ? "" : " -> " + errors_again.Sorted().front().ToString()));
  Require(google::protobuf::util::MessageDifferencer::Equals(record, again), "a written record reads back different",
          written);
  return 0;
}
