// palermo: the investigator's command-line client. Talks to palermod over
// gRPC only; prints reports for people by default and JSON with --json.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "format/case_format.h"
#include "format/ftm.h"
#include "format/json.h"
#include "google/rpc/status.pb.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "cli/admin_command.h"
#include "cli/release_command.h"
#include "cli/htcds_command.h"
#include "cli/audit_command.h"
#include "cli/client.h"
#include "cli/analytics_command.h"
#include "cli/linkage_command.h"

namespace {

using palermo::cli::Args;
using palermo::cli::ConvertHtcdsFiles;
using palermo::cli::Connect;
using palermo::cli::Fail;
using palermo::cli::Global;
using palermo::cli::JsonList;
using palermo::cli::NewContext;
using palermo::cli::ParseArgs;
using palermo::cli::ParseCount;
using palermo::cli::Quoted;
using palermo::cli::QuotedList;
using palermo::cli::Usage;

namespace v1 = palermo::v1;
namespace fmt = palermo::format;
namespace model = palermo::model;

constexpr char kUsage[] =
    "usage: palermo [--server HOST:PORT] [--cert F --key F --ca F [--token-file F]] [--json] COMMAND [ARGS]\n"
    "\n"
    "The Palermo client. Talks to palermod (default 127.0.0.1:50051).\n"
    "\n"
    "commands:\n"
    "  import [--agency NAME] [--dry-run] FILE...   import case files (JSON Lines); '-' reads stdin\n"
    "  import --format htcds FILE...                import one HTCDS export (.xlsx, CSV; docs/HTCDS.md)\n"
    "  export [--agency NAME] [--for court]         write records in the case format to stdout\n"
    "  get KEY                                      one record and its edges\n"
    "  neighbors KEY [--depth N] [--edge LABEL]... [--kind KIND]... [--limit N]\n"
    "                                               records around a record\n"
    "  path FROM TO [--max-depth N]                 a shortest path between two records\n"
    "  assess [--subject KEY] [--consistency C]     the findings, with their evidence (all, or one person's)\n"
    "  findings [--type T]... [--agency A] [--subject KEY] [--since TIME] [--consistency C]\n"
    "                                               list stored findings, filtered\n"
    "  explain FINDING_ID                           the proof of a finding, down to the source records\n"
    "  watch [--type TYPE]...                       findings as they appear and disappear with imports\n"
    "  rules list                                   the loaded rules and their citations; the finding types\n"
    "  rules check FILE                             check a rule file against the loaded rules\n"
    "  health                                       is palermod serving?\n"
    "  linkage candidates [--agency A --agency B] [--subject KEY] [--min-probability P]\n"
    "                                               persons that may be the same across agencies, with reasons\n"
    "  linkage decide KEY_A KEY_B --same|--different [--note TEXT]\n"
    "                                               an analyst's decision (same_as / different_from)\n"
    "  linkage decisions | model | encode ...      decisions; the scoring model; encode a file (local)\n"
    "  networks [FILTERS]                           networks of parties, largest first, with their findings\n"
    "  communities [FILTERS] [--seed S]             Leiden communities of parties, with their findings\n"
    "  brokers [FILTERS] [--top N] [--sample K]     parties between others: betweenness, PageRank, degree\n"
    "  cores [FILTERS] [--min K]                    k-core numbers of the parties\n"
    "  link A B [FILTERS] [--sequential]            fewest hops from A to B, with each hop's records\n"
    "  routes [--agency A] [--from D] [--to D]      legs persons were moved along, with smuggling/trafficking\n"
    "  timeline KEY                                 a person's events and transactions in date order\n"
    "  chart KEY [--depth N] -o FILE                a link chart (SVG) of the parties around KEY\n"
    "  export --format graphml|gexf|dot [FILTERS]   the network of parties for Gephi, Cytoscape, yEd\n"
    "  admin keygen --out DIR | admin token ...     token signing keys; an analyst's token (local)\n"
    "  release KEY --to AGENCY                      the owner lets another agency read a record\n"
    "  htcds convert FILE...                        HTCDS spreadsheets (.xlsx, CSV) to the case format\n"
    "  audit log [--since T] [--agency A] | audit verify   who called what; check the log's integrity\n"
    "\n"
    "global flags:\n"
    "  --server HOST:PORT   palermod's address (default 127.0.0.1:50051)\n"
    "  --cert F --key F --ca F  mutual TLS: this agency's certificate and key, and the CA that\n"
    "                       signed palermod's certificate (docs/ACCESS.md)\n"
    "  --token-file F       the analyst's token (palermo admin token), sent with every call\n"
    "  --json               machine-readable output\n"
    "  --help               this text; 'palermo COMMAND --help' for one command\n"
    "\n"
    "Keys are global keys AGENCY/ID; a key without '/' is taken in palermod's default agency.\n"
    "Errors go to stderr and the exit status is non-zero (1: failed, 2: usage).\n";

const std::map<std::string, std::string>& CommandHelp() {
  static const std::map<std::string, std::string> kHelp = {
      {"import",
       "usage: palermo import [--agency NAME] [--dry-run] [--progress] [--format case|htcds] FILE...\n"
       "\n"
       "Imports case files in the JSON Lines case format, one file per import, in order.\n"
       "With --format htcds the FILEs are the tables of one HTCDS export (.xlsx or CSV:\n"
       "cases, and perpetrators, historic events, organisations naming cas_CaseNumber),\n"
       "converted on this side (docs/HTCDS.md) and imported as one file; the summary says\n"
       "what became of every value.\n"
       "Each file is all or nothing: a file with any error imports nothing, and its\n"
       "errors are listed with their line, field and reason. Re-importing a record with the\n"
       "same global key replaces it. Stops at the first file that fails. Prints the\n"
       "import number and, when records were replaced, how many of each agency.\n"
       "A refused import lists its first errors (up to 1000, fewer when they are long);\n"
       "--dry-run lists every one.\n"
       "\n"
       "  --agency NAME  agency for records that name none (default: palermod's --agency)\n"
       "  --dry-run      check the files against the store and list every error; write nothing\n"
       "  --progress     show progress on stderr (default when stderr is a terminal)\n"
       "  FILE           a path, or '-' for standard input\n"},
      {"export",
       "usage: palermo export [--agency NAME] [--for court] [--format case|ftm]\n"
       "       palermo export --format graphml|gexf|dot [--agency A] [--from D] [--to D] [--kind K]\n"
       "\n"
       "Writes every record, or one agency's, to stdout in the case format (import order).\n"
       "The output imports again as it is. Only records the caller may read are written;\n"
       "--for court leaves out every record handled H1 (docs/ACCESS.md).\n"
       "--format ftm writes the same records as FollowTheMoney entities (JSON Lines, for\n"
       "Aleph, OpenSanctions and other FtM tools; docs/FTM.md) and counts on stderr what\n"
       "was folded into other entities or left out.\n"
       "\n"
       "With --format graphml, gexf or dot: the network of parties (as 'palermo networks' sees\n"
       "it, with the same filters) for Gephi, Cytoscape, yEd, networkx or igraph: a node per\n"
       "party (key, label, kind, agency), an edge per record that joins two (kind, via, date);\n"
       "--kind at_place adds the places. --format case is the default.\n"},
      {"get",
       "usage: palermo get KEY\n"
       "\n"
       "Prints one record with the records it refers to (out) and those referring to it (in).\n"},
      {"neighbors",
       "usage: palermo neighbors KEY [--depth N] [--edge LABEL]... [--kind KIND]... [--limit N]\n"
       "\n"
       "Records within N edges of KEY (default 1, at most 6), edges taken either way.\n"
       "  --edge LABEL  follow only these roles: subject actor from to at payer payee holder\n"
       "                source for (default: all but source, which is provenance)\n"
       "  --kind KIND   list only these kinds: source person organization location identifier\n"
       "                relation event transaction (the walk passes through all)\n"
       "  --limit N     at most N records (default 1000)\n"},
      {"path",
       "usage: palermo path FROM TO [--max-depth N]\n"
       "\n"
       "A shortest path from FROM to TO (default at most 6 edges, at most 12), with the\n"
       "records on it. Source edges are not followed.\n"},
      {"assess",
       "usage: palermo assess [--subject KEY] [--consistency current|stored] [--json]\n"
       "\n"
       "Prints the findings of the loaded rules over the stored graph: per person, each\n"
       "finding in plain words with its rule, citation, elements and what to do, then the\n"
       "evidence by date. palermod keeps the findings stored and up to date after every\n"
       "import; assess answers once they reflect every import acknowledged before it.\n"
       "--subject limits it to one person (or any record joined to it by same_as).\n"
       "--consistency stored answers at once with the findings as stored, and says which\n"
       "import they reflect when they lag behind the store (default: current, which waits).\n"
       "--json prints {\"findings\": [...], \"import_number\": N, \"store_import_number\": M}\n"
       "(see README: Findings as JSON).\n"},
      {"findings",
       "usage: palermo findings [--type TYPE]... [--agency NAME] [--subject KEY] [--since TIME]\n"
       "                        [--consistency current|stored] [--json]\n"
       "\n"
       "Lists stored findings, one line each (id, first stored, grading), by type then subject.\n"
       "  --type TYPE     only findings of these types (see 'palermo rules list')\n"
       "  --agency NAME   only findings whose subject or a same_as-joined key is of this agency\n"
       "  --subject KEY   only the findings of this person (or any record joined to it)\n"
       "  --since TIME    only findings first stored at or after TIME (2026-11-29 or\n"
       "                  2026-11-29T10:15:00Z; a date is midnight UTC)\n"
       "  --consistency   current (default: wait until the findings reflect every import\n"
       "                  acknowledged before) or stored (at once, as stored)\n"
       "--json prints {\"findings\": [...], \"import_number\": N, \"store_import_number\": M},\n"
       "each finding as 'assess --json' gives it.\n"},
      {"explain",
       "usage: palermo explain FINDING_ID [--json]\n"
       "\n"
       "Prints the proof of a finding (its id is TYPE:SUBJECT, as 'assess' shows it): each\n"
       "fact with the rule and citation that derived it, down to the facts taken from\n"
       "records, with each record's agency and source grading.\n"},
      {"watch",
       "usage: palermo watch [--type TYPE]... [--json]\n"
       "\n"
       "Follows the findings: after every import palermod evaluates the rules again and\n"
       "this prints each new finding (+) and each one that no longer holds (-), e.g. when\n"
       "a victim_identified event retracts victim_identification_needed. Runs until\n"
       "interrupted. --json prints one {\"change\": ..., \"finding\": ...} object per line.\n"},
      {"rules",
       "usage: palermo rules list\n"
       "       palermo rules check FILE\n"
       "\n"
       "list: every loaded rule with the predicate it derives, its citation and its place;\n"
       "then every finding type with its words (title, meaning, what to do), as its\n"
       ".finding declaration gives them.\n"
       "check: parses and checks FILE beside the loaded rules (names, arities, safety,\n"
       "stratification) without loading it; errors as FILE:LINE:COLUMN: message.\n"},
      {"linkage", palermo::cli::kLinkageHelp},
      {"admin", palermo::cli::kAdminHelp},
      {"release", palermo::cli::kReleaseHelp},
      {"htcds", palermo::cli::kHtcdsHelp},
      {"audit", palermo::cli::kAuditHelp},
      {"networks", palermo::cli::kNetworksHelp},
      {"communities", palermo::cli::kCommunitiesHelp},
      {"brokers", palermo::cli::kBrokersHelp},
      {"cores", palermo::cli::kCoresHelp},
      {"link", palermo::cli::kLinkHelp},
      {"routes", palermo::cli::kRoutesHelp},
      {"timeline", palermo::cli::kTimelineHelp},
      {"chart", palermo::cli::kChartHelp},
      {"health",
       "usage: palermo health\n"
       "\n"
       "Asks palermod's grpc.health.v1 service whether it is serving.\n"},
  };
  return kHelp;
}

// A record's key, kind and a few words to recognise it by.
std::string Describe(const v1::Record& record) {
  std::string label;
  switch (record.body_case()) {
    case v1::Record::kPerson:
      if (record.person().names_size() > 0) label = record.person().names(0);
      break;
    case v1::Record::kOrganization:
      if (record.organization().names_size() > 0) label = record.organization().names(0);
      break;
    case v1::Record::kLocation: label = record.location().name() + " (" + record.location().country() + ")"; break;
    case v1::Record::kSourceRecord: label = record.source_record().reference(); break;
    case v1::Record::kIdentifier:
      label = std::string(model::IdentifierTypeName(record.identifier().type())) + " " + record.identifier().value();
      break;
    case v1::Record::kRelation: label = model::RelationTypeName(record.relation().type()); break;
    case v1::Record::kEvent: {
      const auto& e = record.event();
      label = e.type();
      const std::string& when = !e.date().iso().empty() ? e.date().iso() : e.start().iso();
      if (!when.empty()) label += " " + when;
      break;
    }
    case v1::Record::kTransaction: {
      const auto& t = record.transaction();
      label = t.type();
      if (t.has_amount()) {
        std::string amount;
        fmt::AppendJsonNumber(t.amount(), &amount);
        label += " " + amount + " " + t.currency();
      }
      if (!t.date().iso().empty()) label += " " + t.date().iso();
      break;
    }
    default: break;
  }
  std::string out = model::GlobalKey(record.agency(), record.id()) + "  [" + model::KindName(record.kind()) + "]";
  if (record.reference_only()) {
    // A hit without content (docs/ACCESS.md): whom to ask.
    const auto code = record.handling().code();
    out += "  reference only" + (code == v1::HANDLING_CODE_UNSPECIFIED ? std::string() : " (" + v1::HandlingCode_Name(code).substr(14) + ")") +
           ": ask " + record.agency();
  } else if (!label.empty()) {
    out += "  " + label;
  }
  return out;
}

std::string RecordJson(const v1::Record& record) {
  std::string line;
  fmt::AppendCaseLine(record, &line);
  return line;
}

// An import error or warning: {"line": N, "field": F, "reason": R}.
std::string DiagnosticJson(int64_t line, const std::string& field, const std::string& reason) {
  return "{\"line\":" + std::to_string(line) + ",\"field\":" + Quoted(field) + ",\"reason\":" + Quoted(reason) + "}";
}

std::string EdgeJson(const v1::Edge& edge) {
  return "{\"from\":" + Quoted(edge.from()) + ",\"label\":" + Quoted(model::EdgeLabelName(edge.label())) +
         ",\"to\":" + Quoted(edge.to()) + "}";
}

// Prints a record's fields, one per line, as the case format names them.
void PrintFields(const v1::Record& record, const std::string& indent) {
  fmt::JsonValue value;
  std::string error;
  if (!fmt::ParseJson(RecordJson(record), &value, &error)) return;
  for (const auto& [name, field] : value.members()) {
    std::string text;
    if (field.is_string()) text = field.text();
    else fmt::AppendJson(field, &text);
    std::cout << indent << name << ": " << text << "\n";
  }
}

// ---------------------------------------------------------------------------
// Commands

// Prints a file's errors (every one given) as FILE:LINE: field `F`: reason,
// or as one JSON object with --json.
void PrintImportErrors(const std::string& file, int64_t total, const std::vector<palermo::Diagnostic>& errors,
                       bool dry_run, bool json) {
  if (json) {
    std::string out = "{\"file\":" + Quoted(file);
    out += ",\"ok\":false,\"dry_run\":" + std::string(dry_run ? "true" : "false") +
           ",\"errors_total\":" + std::to_string(total) + ",\"errors\":";
    out += JsonList(errors, [](const palermo::Diagnostic& e) { return DiagnosticJson(e.line, e.field, e.reason); });
    std::cout << out << "}" << std::endl;
  }
  std::cerr << "palermo: " << file << ": " << total << (total == 1 ? " error" : " errors")
            << (dry_run ? "; it would import nothing\n" : "; nothing was imported\n");
  for (const auto& e : errors) {
    std::cerr << "  " << file << ":" << e.line << ": ";
    if (!e.field.empty()) std::cerr << "field `" << e.field << "`: ";
    std::cerr << e.reason << "\n";
  }
  if (total > static_cast<int64_t>(errors.size())) {
    std::cerr << "  ... and " << (total - static_cast<int64_t>(errors.size())) << " more"
              << (dry_run ? "\n" : " ('palermo import --dry-run' lists every one)\n");
  }
}

// The errors listed in a refused import's status details (a google.rpc.Status
// with a palermo.v1.ImportErrors); false when it has none.
bool ImportErrorsOf(const grpc::Status& status, v1::ImportErrors* errors) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  for (const auto& any : details.details()) {
    if (any.Is<v1::ImportErrors>() && any.UnpackTo(errors)) return true;
  }
  return false;
}

std::vector<palermo::Diagnostic> Diagnostics(const google::protobuf::RepeatedPtrField<v1::ImportError>& errors) {
  std::vector<palermo::Diagnostic> out;
  for (const auto& e : errors) out.push_back({e.line(), e.field(), e.reason()});
  return out;
}

// Reads `in` to its end in chunks of 1 MiB into `write` (the first message
// names the file and its agency); shows progress on stderr when asked.
// False when the stream broke (the call's status says why) or `in` failed.
bool SendFile(std::istream* in, uint64_t total_bytes, v1::ImportRequest first, bool progress, const std::string& path,
              const std::function<bool(const v1::ImportRequest&)>& write, bool* read_failed) {
  v1::ImportRequest request = std::move(first);
  std::string buffer(1 << 20, '\0');
  uint64_t sent = 0;
  auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  bool stream_ok = true;
  while (*in) {
    in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize got = in->gcount();
    if (got <= 0) break;
    request.set_chunk(buffer.data(), static_cast<size_t>(got));
    if (!write(request)) {
      stream_ok = false;
      break;
    }
    request.clear_agency();
    request.clear_file_name();
    sent += static_cast<uint64_t>(got);
    auto now = std::chrono::steady_clock::now();
    if (progress && now - last_report > std::chrono::seconds(1)) {
      last_report = now;
      double seconds = std::chrono::duration<double>(now - started).count();
      std::fprintf(stderr, "\rpalermo: %s: %.1f MB", path.c_str(), sent / 1e6);
      if (total_bytes > 0) std::fprintf(stderr, " of %.1f MB (%.0f%%)", total_bytes / 1e6, 100.0 * sent / total_bytes);
      std::fprintf(stderr, ", %.1f MB/s   ", sent / 1e6 / std::max(seconds, 1e-3));
    }
  }
  if (progress && last_report != started) std::fprintf(stderr, "\n");
  *read_failed = in->bad();
  if (*read_failed) return false;
  if (sent == 0 && stream_ok) stream_ok = write(request);  // an empty file still names its agency
  return stream_ok;
}

// Who lost records to an import: "3 of border-police, 1 of ngo".
std::string ReplacedByAgency(const google::protobuf::Map<std::string, int64_t>& replaced) {
  std::map<std::string, int64_t> sorted(replaced.begin(), replaced.end());
  std::string out;
  for (const auto& [agency, count] : sorted) {
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " of " + agency;
  }
  return out;
}

// A dry run: CheckImport streams every error and warning, then a summary.
int CheckFile(const Global& global, v1::GraphService::Stub* stub, std::istream* in, uint64_t total_bytes,
              const v1::ImportRequest& first, bool progress, const std::string& path) {
  grpc::ClientContext context;
  auto stream = stub->CheckImport(&context);
  bool read_failed = false;
  bool sent = SendFile(in, total_bytes, first, progress, path,
                       [&](const v1::ImportRequest& request) { return stream->Write(request); }, &read_failed);
  if (read_failed) {
    context.TryCancel();
    std::cerr << "palermo: error reading " << path << "\n";
    return 1;
  }
  if (sent) stream->WritesDone();
  std::vector<palermo::Diagnostic> errors, warnings;
  v1::ImportCheckSummary summary;
  v1::ImportDiagnostic message;
  while (stream->Read(&message)) {
    if (message.has_error()) errors.push_back({message.error().line(), message.error().field(), message.error().reason()});
    if (message.has_warning()) {
      warnings.push_back({message.warning().line(), message.warning().field(), message.warning().reason()});
    }
    if (message.has_summary()) summary = message.summary();
  }
  grpc::Status status = stream->Finish();
  if (!status.ok() && status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) {
    std::cerr << "palermo: " << path << ": ";
    return Fail(global, status);
  }
  if (!status.ok() && errors.empty()) {  // refused before the file was read (a bad agency, say)
    std::cerr << "palermo: " << path << ": " << status.error_message() << "\n";
    return 1;
  }
  if (!errors.empty()) {
    PrintImportErrors(path, summary.errors_total(), errors, true, global.json);
    return 1;
  }
  if (global.json) {
    std::cout << "{\"file\":" << Quoted(path) << ",\"ok\":true,\"dry_run\":true,\"records\":" << summary.records()
              << ",\"created\":" << summary.created() << ",\"replaced\":" << summary.replaced()
              << ",\"warnings_total\":" << summary.warnings_total() << ",\"warnings\":"
              << JsonList(warnings, [](const palermo::Diagnostic& w) { return DiagnosticJson(w.line, w.field, w.reason); })
              << "}" << std::endl;
    return 0;
  }
  std::printf("checked %s: %lld records (%lld new, %lld replaced); nothing was written\n", path.c_str(),
              static_cast<long long>(summary.records()), static_cast<long long>(summary.created()),
              static_cast<long long>(summary.replaced()));
  for (const auto& w : warnings) std::fprintf(stderr, "palermo: %s: warning: %s\n", path.c_str(), w.ToString().c_str());
  return 0;
}

// Imports one file (or stdin) read from `in`; 0 or the exit code.
int ImportOne(const Global& global, v1::GraphService::Stub* stub, const Args& args, std::istream* in,
              uint64_t total_bytes, const std::string& path, bool progress) {
  v1::ImportRequest first;
  first.set_agency(args.one("--agency"));
  first.set_file_name(path);
  if (args.has("--dry-run")) return CheckFile(global, stub, in, total_bytes, first, progress, path);
  first.set_max_error_details(1000);
  grpc::ClientContext context;  // no deadline: large files take as long as they take
  v1::ImportResponse response;
  auto writer = stub->Import(&context, &response);
  auto started = std::chrono::steady_clock::now();
  bool read_failed = false;
  bool sent = SendFile(in, total_bytes, first, progress, path,
                       [&](const v1::ImportRequest& request) { return writer->Write(request); }, &read_failed);
  if (read_failed) {
    context.TryCancel();
    std::cerr << "palermo: error reading " << path << "; nothing was imported\n";
    return 1;
  }
  if (sent) writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    v1::ImportErrors errors;
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && ImportErrorsOf(status, &errors)) {
      PrintImportErrors(path, errors.total(), Diagnostics(errors.errors()), false, global.json);
      return 1;
    }
    std::cerr << "palermo: " << path << ": ";
    return Fail(global, status);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (global.json) {
    std::string out = "{\"file\":" + Quoted(path);
    out += ",\"ok\":true,\"dry_run\":false,\"import_number\":" + std::to_string(response.import_number()) +
           ",\"records\":" + std::to_string(response.records()) + ",\"created\":" +
           std::to_string(response.created()) + ",\"replaced\":" + std::to_string(response.replaced()) +
           ",\"replaced_by_agency\":{";
    std::map<std::string, int64_t> replaced(response.replaced_by_agency().begin(), response.replaced_by_agency().end());
    bool first_agency = true;
    for (const auto& [agency, count] : replaced) {
      out += (first_agency ? "" : ",") + Quoted(agency) + ":" + std::to_string(count);
      first_agency = false;
    }
    out += "},\"warnings_total\":" + std::to_string(response.warnings_total()) + ",\"warnings\":";
    out += JsonList(response.warnings(),
                    [](const v1::ImportWarning& w) { return DiagnosticJson(w.line(), w.field(), w.reason()); });
    std::cout << out << "}" << std::endl;
  } else {
    std::printf("imported %s: %lld records (%lld new, %lld replaced) in %.2f s, import %llu\n", path.c_str(),
                static_cast<long long>(response.records()), static_cast<long long>(response.created()),
                static_cast<long long>(response.replaced()), seconds,
                static_cast<unsigned long long>(response.import_number()));
    if (response.replaced() > 0) {
      std::printf("  replaced records: %s\n", ReplacedByAgency(response.replaced_by_agency()).c_str());
    }
    for (const auto& w : response.warnings()) {
      std::fprintf(stderr, "palermo: %s: warning: %s\n", path.c_str(),
                   palermo::Diagnostic{w.line(), w.field(), w.reason()}.ToString().c_str());
    }
  }
  return 0;
}

int Import(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--agency", true}, {"--dry-run", false}, {"--progress", false}, {"--format", true}}, &args,
                 &error)) {
    return Usage(error);
  }
  if (args.positional.empty()) return Usage("import needs at least one FILE");
  const std::string format = args.one("--format");
  if (!format.empty() && format != "case" && format != "htcds") {
    return Usage("--format is case (the default) or htcds, not " + format);
  }
  auto stub = v1::GraphService::NewStub(Connect(global));
  bool progress = args.has("--progress") || isatty(STDERR_FILENO);
  if (format == "htcds") {
    // The files are the tables of one HTCDS export: converted here, then one import.
    std::string lines, summary;
    if (int converted = ConvertHtcdsFiles(args.positional, global.json, &lines, &summary); converted != 0) {
      return converted;
    }
    std::istringstream in(lines);
    const std::string name = "htcds:" + args.positional[0];
    const int imported = ImportOne(global, stub.get(), args, &in, lines.size(), name, progress);
    if (imported == 0) std::cout << summary;  // with --json, a second line: {"htcds": {...}}
    return imported;
  }
  for (const std::string& path : args.positional) {
    std::ifstream file_stream;
    std::istream* in = &std::cin;
    uint64_t total_bytes = 0;
    if (path != "-") {
      file_stream.open(path, std::ios::binary);
      if (!file_stream) {
        std::cerr << "palermo: cannot read " << path << ": " << std::strerror(errno) << "\n";
        return 1;
      }
      file_stream.seekg(0, std::ios::end);
      total_bytes = static_cast<uint64_t>(file_stream.tellg());
      file_stream.seekg(0);
      in = &file_stream;
    }
    if (int imported = ImportOne(global, stub.get(), args, in, total_bytes, path, progress); imported != 0) {
      return imported;
    }
  }
  return 0;
}

int Export(const Global& global, const std::vector<std::string>& raw) {
  std::string format = "case";
  std::vector<std::string> rest;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == "--format" && i + 1 < raw.size()) {
      format = raw[++i];
    } else if (raw[i].rfind("--format=", 0) == 0) {
      format = raw[i].substr(9);
    } else {
      rest.push_back(raw[i]);
    }
  }
  if (format != "case" && format != "ftm") return palermo::cli::ExportGraph(global, raw);
  Args args;
  std::string error;
  if (!ParseArgs(rest, {{"--agency", true}, {"--for", true}}, &args, &error)) return Usage(error);
  if (!args.positional.empty()) return Usage("export takes no arguments");
  if (args.has("--for") && args.one("--for") != "court") return Usage("--for takes court");
  auto stub = v1::GraphService::NewStub(Connect(global));
  grpc::ClientContext context;
  v1::ExportRequest request;
  request.set_agency(args.one("--agency"));
  request.set_purpose(args.one("--for"));
  auto reader = stub->Export(&context, request);
  v1::ExportResponse batch;
  std::string out;
  std::vector<v1::Record> records;  // FtM: entities refer to each other, so all records first
  while (reader->Read(&batch)) {
    if (format == "ftm") {
      for (auto& record : *batch.mutable_records()) records.push_back(std::move(record));
      continue;
    }
    out.clear();
    for (const auto& record : batch.records()) {
      fmt::AppendCaseLine(record, &out);
      out.push_back('\n');
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  grpc::Status status = reader->Finish();
  if (status.ok() && format == "ftm") {
    fmt::FtmExport ftm = fmt::ToFtm(records);
    std::fwrite(ftm.lines.data(), 1, ftm.lines.size(), stdout);
    std::cerr << "palermo: " << ftm.entities << " FollowTheMoney entities from " << records.size() << " records ("
              << ftm.merged << " folded into other entities, " << ftm.left_out.size() << " left out)\n";
    for (const std::string& why : ftm.left_out) std::cerr << "palermo: left out " << why << "\n";
  }
  std::fflush(stdout);
  return status.ok() ? 0 : Fail(global, status);
}

int Get(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {}, &args, &error)) return Usage(error);
  if (args.positional.size() != 1) return Usage("get needs one KEY");
  auto stub = v1::GraphService::NewStub(Connect(global));
  v1::GetRequest request;
  request.set_key(args.positional[0]);
  v1::GetResponse response;
  grpc::Status status = stub->Get(NewContext().get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"record\":" << RecordJson(response.record()) << ",\"out\":" << JsonList(response.out_edges(), EdgeJson)
              << ",\"in\":" << JsonList(response.in_edges(), EdgeJson) << "}" << std::endl;
    return 0;
  }
  std::cout << Describe(response.record()) << "\n";
  PrintFields(response.record(), "  ");
  if (response.out_edges_size() > 0) std::cout << "refers to:\n";
  for (const auto& e : response.out_edges()) std::cout << "  " << model::EdgeLabelName(e.label()) << " -> " << e.to() << "\n";
  if (response.in_edges_size() > 0) std::cout << "referred to by:\n";
  for (const auto& e : response.in_edges()) std::cout << "  " << e.from() << " (" << model::EdgeLabelName(e.label()) << ")\n";
  return 0;
}

int Neighbors(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--depth", true}, {"--edge", true}, {"--kind", true}, {"--limit", true}}, &args, &error)) {
    return Usage(error);
  }
  if (args.positional.size() != 1) return Usage("neighbors needs one KEY");
  v1::NeighborsRequest request;
  request.set_key(args.positional[0]);
  uint32_t number = 1;
  if (args.has("--depth")) {
    if (!ParseCount(args.one("--depth"), "--depth", &number, &error)) return Usage(error);
    request.set_depth(number);
  }
  if (args.has("--limit")) {
    if (!ParseCount(args.one("--limit"), "--limit", &number, &error)) return Usage(error);
    request.set_limit(number);
  }
  if (args.has("--edge")) {
    for (const auto& name : args.options["--edge"]) {
      v1::EdgeLabel label;
      if (!model::ParseEdgeLabelName(name, &label)) return Usage("unknown edge label \"" + name + "\"");
      request.add_edge_labels(label);
    }
  }
  if (args.has("--kind")) {
    for (const auto& name : args.options["--kind"]) {
      v1::Kind kind;
      if (!model::ParseKindName(name, &kind)) return Usage("unknown kind \"" + name + "\"");
      request.add_kinds(kind);
    }
  }
  auto stub = v1::GraphService::NewStub(Connect(global));
  v1::NeighborsResponse response;
  grpc::Status status = stub->Neighbors(NewContext().get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"origin\":" << RecordJson(response.origin()) << ",\"neighbors\":"
              << JsonList(response.neighbors(),
                          [](const v1::Neighbor& n) {
                            return "{\"distance\":" + std::to_string(n.distance()) + ",\"record\":" + RecordJson(n.record()) + "}";
                          })
              << ",\"edges\":" << JsonList(response.edges(), EdgeJson)
              << ",\"truncated\":" << (response.truncated() ? "true" : "false") << "}" << std::endl;
    return 0;
  }
  std::cout << Describe(response.origin()) << "\n";
  uint32_t distance = 0;
  for (const auto& n : response.neighbors()) {
    if (n.distance() != distance) {
      distance = n.distance();
      std::cout << "distance " << distance << ":\n";
    }
    std::cout << "  " << Describe(n.record()) << "\n";
  }
  if (response.neighbors_size() == 0) std::cout << "no neighbors\n";
  if (response.truncated()) std::cout << "(more: the limit cut the list)\n";
  return 0;
}

int Path(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--max-depth", true}}, &args, &error)) return Usage(error);
  if (args.positional.size() != 2) return Usage("path needs FROM and TO");
  v1::PathRequest request;
  request.set_from(args.positional[0]);
  request.set_to(args.positional[1]);
  if (args.has("--max-depth")) {
    uint32_t depth;
    if (!ParseCount(args.one("--max-depth"), "--max-depth", &depth, &error)) return Usage(error);
    request.set_max_depth(depth);
  }
  auto stub = v1::GraphService::NewStub(Connect(global));
  v1::PathResponse response;
  grpc::Status status = stub->Path(NewContext().get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"found\":" << (response.found() ? "true" : "false")
              << ",\"records\":" << JsonList(response.records(), RecordJson)
              << ",\"edges\":" << JsonList(response.edges(), EdgeJson) << "}" << std::endl;
    return 0;
  }
  if (!response.found()) {
    std::cout << "no path from " << request.from() << " to " << request.to() << "\n";
    return 0;
  }
  for (int i = 0; i < response.records_size(); ++i) {
    std::cout << "  " << Describe(response.records(i)) << "\n";
    if (i < response.edges_size()) {
      const auto& e = response.edges(i);
      std::cout << "      (" << e.from() << " --" << model::EdgeLabelName(e.label()) << "--> " << e.to() << ")\n";
    }
  }
  return 0;
}

// A finding's title as palermod serves it (from the rules' `.finding`
// declaration); a palermod that serves none is answered with the type.
const std::string& TitleOf(const v1::Finding& f) { return f.title().empty() ? f.type() : f.title(); }

// A finding's meaning or action as a sentence: with a final period unless
// the rule file wrote one.
std::string Sentence(const std::string& text) {
  if (!text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?')) return text;
  return text + ".";
}

// When a finding was first stored, as RFC 3339 UTC text ("" when unknown).
std::string FirstSeen(const v1::Finding& f) {
  return f.has_first_seen() ? google::protobuf::util::TimeUtil::ToString(f.first_seen()) : "";
}

std::string FindingJson(const v1::Finding& f) {
  std::string out = "{\"id\":" + Quoted(f.id()) + ",\"type\":" + Quoted(f.type()) + ",\"title\":" + Quoted(f.title()) +
                    ",\"meaning\":" + Quoted(f.meaning()) + ",\"action\":" + Quoted(f.action()) +
                    ",\"subject\":" + Quoted(f.subject()) +
                    ",\"linked\":" + QuotedList(f.linked()) + ",\"actors\":" + QuotedList(f.actors()) +
                    ",\"rule\":" + Quoted(f.rule()) + ",\"citation\":" + Quoted(f.citation()) + ",\"elements\":{";
  std::vector<std::string> names;
  for (const auto& [name, keys] : f.elements()) names.push_back(name);
  std::sort(names.begin(), names.end());
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ",";
    out += Quoted(names[i]) + ":" + QuotedList(f.elements().at(names[i]).keys());
  }
  out += "},\"missing\":" + QuotedList(f.missing()) + ",\"evidence\":";
  out += JsonList(f.evidence(), [&](const v1::Evidence& e) {
    return "{\"key\":" + Quoted(e.key()) + ",\"kind\":" + Quoted(e.kind()) + ",\"description\":" + Quoted(e.description()) +
           ",\"date\":" + Quoted(e.date()) + ",\"source\":" + Quoted(e.source()) + "}";
  });
  out += ",\"grading\":{\"reliability\":" + Quoted(f.reliability()) + ",\"credibility\":" + Quoted(f.credibility()) + "}";
  // The source records behind the evidence, each once, sorted.
  std::set<std::string> sources;
  for (const auto& e : f.evidence()) {
    if (!e.source().empty()) sources.insert(e.source());
  }
  out += ",\"sources\":" + QuotedList(sources);
  out += ",\"age_presumed\":" + std::string(f.age_presumed() ? "true" : "false");
  out += ",\"first_seen\":" + Quoted(FirstSeen(f)) + "}";
  return out;
}

// Which import the findings a command printed reflect.
struct FindingsAge {
  uint64_t findings_import = 0;  // the oldest of the pages read
  uint64_t store_import = 0;     // the newest
  bool seen = false;
  template <typename Response>
  void Add(const Response& r) {
    findings_import = seen ? std::min(findings_import, r.findings_import_number()) : r.findings_import_number();
    store_import = std::max(store_import, r.store_import_number());
    seen = true;
  }
  // A JSON member, for --json: "import_number":N,"store_import_number":M
  std::string Json() const {
    return "\"import_number\":" + std::to_string(findings_import) +
           ",\"store_import_number\":" + std::to_string(store_import);
  }
  // A line for people when the findings lag behind the store.
  void PrintLag() const {
    if (findings_import < store_import) {
      std::cout << "(stored findings as of import " << findings_import << "; the store is at import " << store_import
                << " and palermod is still bringing them up to date)\n";
    }
  }
};

// Every finding ListFindings gives for `request`, page after page.
grpc::Status ListAllFindings(v1::ReasonerService::Stub* stub, v1::ListFindingsRequest request,
                             google::protobuf::RepeatedPtrField<v1::Finding>* out, FindingsAge* age) {
  request.set_page_size(5000);
  while (true) {
    v1::ListFindingsResponse page;
    grpc::Status status = stub->ListFindings(NewContext(600).get(), request, &page);
    if (!status.ok()) return status;
    age->Add(page);
    for (auto& f : *page.mutable_findings()) out->Add(std::move(f));
    if (page.next_page_token().empty()) return grpc::Status::OK;
    request.set_page_token(page.next_page_token());
  }
}

// --consistency stored|current (default current).
bool ParseConsistency(const Args& args, v1::Consistency* out, std::string* error) {
  const std::string value = args.one("--consistency", "current");
  if (value == "current") *out = v1::CONSISTENCY_CURRENT;
  else if (value == "stored") *out = v1::CONSISTENCY_STORED;
  else {
    *error = "--consistency must be 'current' or 'stored', not \"" + value + "\"";
    return false;
  }
  return true;
}

// --since: a date (2026-11-29, midnight UTC) or an RFC 3339 time with its zone.
bool ParseSince(const std::string& text, google::protobuf::Timestamp* out, std::string* error) {
  using google::protobuf::util::TimeUtil;
  const bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (TimeUtil::FromString(date_only ? text + "T00:00:00Z" : text, out)) return true;
  *error = "since \"" + text + "\" is not an RFC 3339 time (2026-11-29T10:15:00Z) or a date (2026-11-29)";
  return false;
}

void PrintReport(const v1::AssessResponse& response) {
  if (response.findings_size() == 0) {
    std::cout << "No findings.\n";
    return;
  }
  // Per subject, in the order the server gives (subject, then type).
  for (int i = 0; i < response.findings_size();) {
    const std::string& subject = response.findings(i).subject();
    int end = i;
    while (end < response.findings_size() && response.findings(end).subject() == subject) ++end;
    const auto& first = response.findings(i);
    std::cout << "== " << subject;
    if (first.linked_size() > 1) {
      std::cout << " (the same person as";
      for (const auto& k : first.linked()) {
        if (k != subject) std::cout << " " << k;
      }
      std::cout << ")";
    }
    std::cout << "\n\n";
    std::map<std::string, const v1::Evidence*> evidence;
    for (int j = i; j < end; ++j) {
      const auto& f = response.findings(j);
      std::cout << "  " << TitleOf(f) << "  [" << f.type() << "]";
      if (!f.reliability().empty()) std::cout << "  grading " << f.reliability() << f.credibility();
      if (f.age_presumed()) std::cout << "  (age presumed: the person may have been a child)";
      std::cout << "\n";
      if (!f.meaning().empty()) std::cout << "    " << Sentence(f.meaning()) << "\n";
      if (f.has_first_seen()) std::cout << "    First found: " << FirstSeen(f) << "\n";
      std::cout << "    Law: " << f.citation() << " (rule " << f.rule() << ")\n";
      std::vector<std::string> names;
      for (const auto& [name, keys] : f.elements()) names.push_back(name);
      std::sort(names.begin(), names.end());
      for (const auto& name : names) {
        std::cout << "    " << name << ":";
        for (const auto& k : f.elements().at(name).keys()) std::cout << " " << k;
        std::cout << "\n";
      }
      if (f.actors_size() > 0) {
        std::cout << "    actors:";
        for (const auto& a : f.actors()) std::cout << " " << a;
        std::cout << "\n";
      }
      if (f.missing_size() > 0) {
        std::cout << "    missing, not recorded yet:";
        for (const auto& m : f.missing()) std::cout << " " << m;
        std::cout << "\n";
      }
      if (!f.action().empty()) std::cout << "    What to do: " << Sentence(f.action()) << "\n";
      std::cout << "\n";
      for (const auto& e : f.evidence()) evidence.emplace(e.key(), &e);
    }
    std::vector<const v1::Evidence*> by_date;
    for (const auto& [key, e] : evidence) by_date.push_back(e);
    std::stable_sort(by_date.begin(), by_date.end(), [](const v1::Evidence* a, const v1::Evidence* b) {
      if (a->date().empty() != b->date().empty()) return b->date().empty();
      return a->date() < b->date();
    });
    std::cout << "  Evidence, by date:\n";
    for (const auto* e : by_date) {
      std::printf("    %-10s  %-30s %-12s %s\n", e->date().empty() ? "-" : e->date().c_str(), e->key().c_str(),
                  e->kind().c_str(), e->description().c_str());
    }
    std::cout << "\n";
    i = end;
  }
}

int Assess(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--subject", true}, {"--consistency", true}}, &args, &error)) return Usage(error);
  if (!args.positional.empty()) return Usage("assess takes no arguments but --subject and --consistency");
  v1::Consistency consistency;
  if (!ParseConsistency(args, &consistency, &error)) return Usage(error);
  auto stub = v1::ReasonerService::NewStub(Connect(global));
  v1::AssessResponse response;
  FindingsAge age;
  grpc::Status status;
  if (args.has("--subject")) {
    v1::AssessRequest request;
    request.set_subject(args.one("--subject"));
    request.set_consistency(consistency);
    status = stub->Assess(NewContext(600).get(), request, &response);
    age.Add(response);
  } else {
    // All findings may not fit one message: take them a page at a time.
    v1::ListFindingsRequest request;
    request.set_consistency(consistency);
    status = ListAllFindings(stub.get(), request, response.mutable_findings(), &age);
    std::sort(response.mutable_findings()->begin(), response.mutable_findings()->end(),
              [](const v1::Finding& a, const v1::Finding& b) {
                return std::tie(a.subject(), a.type()) < std::tie(b.subject(), b.type());
              });
  }
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"findings\":" << JsonList(response.findings(), FindingJson) << "," << age.Json() << "}" << std::endl;
  } else {
    age.PrintLag();
    PrintReport(response);
  }
  return 0;
}

int Findings(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--type", true}, {"--agency", true}, {"--subject", true}, {"--since", true}, {"--consistency", true}},
                 &args, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("findings takes no arguments, only filters");
  v1::ListFindingsRequest request;
  v1::Consistency consistency;
  if (!ParseConsistency(args, &consistency, &error)) return Usage(error);
  request.set_consistency(consistency);
  if (args.has("--since") && !ParseSince(args.one("--since"), request.mutable_since(), &error)) return Usage(error);
  auto stub = v1::ReasonerService::NewStub(Connect(global));
  if (args.has("--type")) {
    for (const auto& type : args.options["--type"]) request.add_types(type);
  }
  request.set_agency(args.one("--agency"));
  request.set_subject(args.one("--subject"));
  google::protobuf::RepeatedPtrField<v1::Finding> findings;
  FindingsAge age;
  grpc::Status status = ListAllFindings(stub.get(), request, &findings, &age);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"findings\":" << JsonList(findings, FindingJson) << "," << age.Json() << "}" << std::endl;
    return 0;
  }
  age.PrintLag();
  if (findings.empty()) std::cout << "No findings.\n";
  for (const auto& f : findings) {
    std::cout << f.id() << "  first found " << FirstSeen(f);
    if (!f.reliability().empty()) std::cout << "  grading " << f.reliability() << f.credibility();
    std::cout << "\n";
  }
  return 0;
}

void PrintProof(const v1::ProofNode& node, int depth) {
  std::string indent(2 * depth, ' ');
  std::cout << indent << (node.absent() ? "not " : "") << node.fact();
  if (node.absent()) std::cout << "   (no such fact: the rule requires its absence)";
  if (!node.rule().empty()) std::cout << "   <- rule " << node.rule() << ": " << node.citation();
  if (!node.record().empty()) {
    std::cout << "   <- record " << node.record() << " (" << node.agency();
    if (!node.source().empty()) {
      std::cout << ", source " << node.source();
      if (!node.source_reference().empty()) std::cout << " \"" << node.source_reference() << "\"";
      if (!node.source_reported().empty()) std::cout << " reported " << node.source_reported();
      std::cout << ", graded " << node.reliability() << node.credibility();
    } else if (!node.reliability().empty()) {
      std::cout << ", source graded " << node.reliability() << node.credibility();
    }
    std::cout << ")";
  }
  if (node.shown_above()) std::cout << "   (proved above)";
  if (node.truncated()) std::cout << "   (cut: the proof is too large to show whole)";
  std::cout << "\n";
  for (const auto& premise : node.premises()) PrintProof(premise, depth + 1);
}

std::string ProofJson(const v1::ProofNode& node) {
  return "{\"fact\":" + Quoted(node.fact()) + ",\"rule\":" + Quoted(node.rule()) + ",\"citation\":" + Quoted(node.citation()) +
         ",\"record\":" + Quoted(node.record()) + ",\"agency\":" + Quoted(node.agency()) + ",\"grading\":{\"reliability\":" +
         Quoted(node.reliability()) + ",\"credibility\":" + Quoted(node.credibility()) + "},\"source\":{\"key\":" +
         Quoted(node.source()) + ",\"reference\":" + Quoted(node.source_reference()) + ",\"reported\":" +
         Quoted(node.source_reported()) + "},\"shown_above\":" +
         (node.shown_above() ? "true" : "false") + ",\"truncated\":" + (node.truncated() ? "true" : "false") +
         ",\"absent\":" + (node.absent() ? "true" : "false") + ",\"premises\":" + JsonList(node.premises(), ProofJson) + "}";
}

int Explain(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {}, &args, &error)) return Usage(error);
  if (args.positional.size() != 1) return Usage("explain needs one FINDING_ID (TYPE:SUBJECT)");
  auto stub = v1::ReasonerService::NewStub(Connect(global));
  v1::ExplainRequest request;
  request.set_finding_id(args.positional[0]);
  v1::ExplainResponse response;
  grpc::Status status = stub->Explain(NewContext(600).get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"finding\":" << FindingJson(response.finding()) << ",\"proofs\":" << JsonList(response.proofs(), ProofJson)
              << "}" << std::endl;
    return 0;
  }
  const auto& f = response.finding();
  std::cout << TitleOf(f) << " [" << f.type() << "] for " << f.subject() << "\n";
  std::cout << "  Law: " << f.citation() << "\n";
  for (int i = 0; i < response.proofs_size(); ++i) {
    std::cout << "\nProof " << (i + 1) << " of " << response.proofs_size() << ":\n";
    PrintProof(response.proofs(i), 1);
  }
  return 0;
}

int Watch(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--type", true}}, &args, &error)) return Usage(error);
  if (!args.positional.empty()) return Usage("watch takes no arguments but --type");
  auto stub = v1::ReasonerService::NewStub(Connect(global));
  v1::SubscribeFindingsRequest request;
  if (args.has("--type")) {
    for (const auto& type : args.options["--type"]) request.add_types(type);
  }
  grpc::ClientContext context;
  auto reader = stub->SubscribeFindings(&context, request);
  v1::FindingEvent event;
  while (reader->Read(&event)) {
    const char* change = event.change() == v1::FindingEvent::CHANGE_NEW         ? "new"
                         : event.change() == v1::FindingEvent::CHANGE_RETRACTED ? "retracted"
                                                                                  : "subscribed";
    if (global.json) {
      std::cout << "{\"change\":\"" << change << "\"";
      if (event.has_finding()) std::cout << ",\"finding\":" << FindingJson(event.finding());
      std::cout << "}" << std::endl;
    } else if (event.change() == v1::FindingEvent::CHANGE_SUBSCRIBED) {
      std::cout << "watching the findings of palermod at " << global.server << " (Ctrl-C to stop)" << std::endl;
    } else {
      const auto& f = event.finding();
      std::cout << (event.change() == v1::FindingEvent::CHANGE_NEW ? "+ " : "- ") << TitleOf(f) << "  "
                << f.subject() << "  [" << f.id() << "]" << (event.change() == v1::FindingEvent::CHANGE_NEW ? "" : "  no longer holds")
                << std::endl;
    }
  }
  grpc::Status status = reader->Finish();
  return status.ok() ? 0 : Fail(global, status);
}

int Rules(const Global& global, const std::vector<std::string>& raw) {
  if (raw.empty()) return Usage("rules needs 'list' or 'check FILE'");
  auto stub = v1::ReasonerService::NewStub(Connect(global));
  if (raw[0] == "list" && raw.size() == 1) {
    v1::ListRulesResponse response;
    grpc::Status status = stub->ListRules(NewContext().get(), v1::ListRulesRequest(), &response);
    if (!status.ok()) return Fail(global, status);
    if (global.json) {
      std::cout << "{\"rules\":" << JsonList(response.rules(), [](const v1::RuleInfo& r) {
        return "{\"name\":" + Quoted(r.name()) + ",\"derives\":" + Quoted(r.derives()) +
               ",\"citation\":" + Quoted(r.citation()) + ",\"position\":" + Quoted(r.position()) + "}";
      }) << ",\"finding_types\":" << JsonList(response.finding_types(), [](const v1::FindingType& t) {
        return "{\"name\":" + Quoted(t.name()) + ",\"title\":" + Quoted(t.title()) + ",\"meaning\":" + Quoted(t.meaning()) +
               ",\"action\":" + Quoted(t.action()) + ",\"columns\":" + QuotedList(t.columns()) +
               ",\"position\":" + Quoted(t.position()) + "}";
      }) << "}" << std::endl;
      return 0;
    }
    for (const auto& r : response.rules()) {
      std::cout << r.name() << "  -> " << r.derives() << "\n    " << r.citation() << "  (" << r.position() << ")\n";
    }
    if (response.finding_types_size() > 0) std::cout << "\nFinding types, in the words of their rules:\n";
    for (const auto& t : response.finding_types()) {
      std::cout << "  " << t.name() << "(";
      for (int i = 0; i < t.columns_size(); ++i) std::cout << (i > 0 ? ", " : "") << t.columns(i);
      std::cout << ")  (" << t.position() << ")\n    " << t.title() << ": " << Sentence(t.meaning())
                << "\n    What to do: " << Sentence(t.action()) << "\n";
    }
    std::cout << response.rules_size() << " rules; findings:";
    for (const auto& f : response.findings()) std::cout << " " << f;
    std::cout << "\n";
    return 0;
  }
  if (raw[0] == "check" && raw.size() == 2) {
    std::ifstream in(raw[1]);
    if (!in) {
      std::cerr << "palermo: cannot read " << raw[1] << ": " << std::strerror(errno) << "\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    v1::CheckRulesRequest request;
    request.set_file_name(raw[1]);
    request.set_text(text.str());
    v1::CheckRulesResponse response;
    grpc::Status status = stub->CheckRules(NewContext().get(), request, &response);
    if (!status.ok()) return Fail(global, status);
    if (response.ok()) {
      std::cout << raw[1] << ": ok, " << response.rules() << " rules\n";
      return 0;
    }
    for (const auto& e : response.errors()) std::cerr << e << "\n";
    return 1;
  }
  return Usage("rules needs 'list' or 'check FILE'");
}

int Health(const Global& global, const std::vector<std::string>& raw) {
  if (!raw.empty()) return Usage("health takes no arguments");
  auto channel = Connect(global);
  grpc::GenericStub generic(channel);
  // grpc.health.v1.HealthCheckRequest{service=""} is an empty message; the
  // response is HealthCheckResponse{status=1 (SERVING)}: field 1, varint.
  grpc::ByteBuffer request_buffer;
  grpc::Slice empty("", 0);
  request_buffer = grpc::ByteBuffer(&empty, 1);
  grpc::ByteBuffer response_buffer;
  auto context = NewContext(10);
  grpc::CompletionQueue cq;
  grpc::Status status;
  auto call = generic.PrepareUnaryCall(context.get(), "/grpc.health.v1.Health/Check", request_buffer, &cq);
  call->StartCall();
  call->Finish(&response_buffer, &status, reinterpret_cast<void*>(1));
  void* tag;
  bool ok;
  cq.Next(&tag, &ok);
  if (!status.ok()) return Fail(global, status);
  std::vector<grpc::Slice> slices;
  (void)response_buffer.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  int serving_status = bytes.size() >= 2 && bytes[0] == 0x08 ? bytes[1] : 0;
  const char* name = serving_status == 1 ? "SERVING" : serving_status == 2 ? "NOT_SERVING" : "UNKNOWN";
  if (global.json) std::cout << "{\"server\":\"" << global.server << "\",\"status\":\"" << name << "\"}" << std::endl;
  else std::cout << "palermod at " << global.server << ": " << name << "\n";
  return serving_status == 1 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Global global;
  static const std::set<std::string> kCredentialFlags = {"--ca", "--cert", "--key", "--token-file"};
  std::map<std::string, std::string> credential_files;
  std::string command;
  std::vector<std::string> rest;
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      global.json = true;
    } else if (arg == "--server") {
      if (i + 1 >= argc) return Usage("--server needs HOST:PORT");
      global.server = argv[++i];
    } else if (arg.rfind("--server=", 0) == 0) {
      global.server = arg.substr(9);
    } else if (command.empty() && kCredentialFlags.count(arg) > 0) {  // before the command: `admin token --key`
      if (i + 1 >= argc) return Usage(arg + " needs a file");
      credential_files[arg] = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      help = true;
    } else if (command.empty() && arg.rfind("-", 0) != 0) {
      command = arg;
    } else {
      rest.push_back(arg);
    }
  }
  if (help) {
    auto it = CommandHelp().find(command);
    std::cout << (it != CommandHelp().end() ? it->second : kUsage);
    return 0;
  }
  if (command.empty()) return Usage("no command given");
  if (!palermo::cli::LoadCredentials(credential_files["--ca"], credential_files["--cert"], credential_files["--key"],
                                     credential_files["--token-file"], &global)) {
    return 2;
  }
  static const std::map<std::string, std::function<int(const Global&, const std::vector<std::string>&)>> kCommands = {
      {"import", Import}, {"export", Export}, {"get", Get}, {"neighbors", Neighbors}, {"path", Path},
      {"assess", Assess}, {"findings", Findings}, {"explain", Explain}, {"watch", Watch}, {"rules", Rules},
      {"health", Health}, {"linkage", palermo::cli::Linkage}, {"networks", palermo::cli::Networks},
      {"communities", palermo::cli::Communities},
      {"brokers", palermo::cli::Brokers}, {"cores", palermo::cli::Cores}, {"link", palermo::cli::Link},
      {"routes", palermo::cli::Routes}, {"timeline", palermo::cli::Timeline},
      {"chart", palermo::cli::Chart}, {"admin", palermo::cli::Admin},
      {"release", palermo::cli::Release},
      {"htcds", palermo::cli::Htcds},
      {"audit", palermo::cli::Audit}};
  auto it = kCommands.find(command);
  if (it == kCommands.end()) return Usage("unknown command \"" + command + "\"");
  return it->second(global, rest);
}
