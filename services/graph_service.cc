#include "services/graph_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "common/text.h"
#include "format/case_format.h"
#include "google/rpc/error_details.pb.h"
#include "graph/traversal.h"
#include "model/vocabulary.h"
#include "services/access_control.h"
#include "services/grpc_status.h"
#include "services/importer.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr uint32_t kDefaultErrorDetails = 50;
constexpr uint32_t kMaxErrorDetails = 1000;
// The serialized google.rpc.Status of a refused import stays within this
// many bytes whatever max_error_details says: in base64 (about 5.5 KiB)
// with the message, the trailer stays under the 8 KiB of metadata a
// default gRPC client accepts (more and it sees RESOURCE_EXHAUSTED).
constexpr size_t kMaxDetailsBytes = 4096;
// CheckImport streams up to this many errors and as many warnings.
constexpr size_t kMaxCheckedDiagnostics = 100000;
constexpr int kExportBatch = 512;

// The BadRequest field of an import error: "line N: FIELD", "line N" when
// no field is at fault, "FIELD" or "file" when no line is.
std::string ViolationField(const Diagnostic& d) {
  if (d.line == 0) return d.field.empty() ? "file" : d.field;
  return "line " + std::to_string(d.line) + (d.field.empty() ? "" : ": " + d.field);
}

// INVALID_ARGUMENT for a refused file: a short message naming the first
// errors; in the details a google.rpc.BadRequest and a palermo.v1.ImportErrors
// with the first errors (at most `max_details`, within kMaxDetailsBytes)
// and the total.
grpc::Status ImportFailed(const std::string& file_name, const DiagnosticList& errors, uint32_t max_details) {
  std::vector<Diagnostic> sorted = errors.Sorted();
  std::string message = std::to_string(errors.total()) + (errors.total() == 1 ? " error" : " errors") + " in " +
                        (file_name.empty() ? std::string("the file") : EscapeForMessage(file_name, 200)) +
                        "; nothing was imported";
  for (size_t i = 0; i < sorted.size() && i < 3; ++i) message += "\n  " + EscapeForMessage(sorted[i].ToString(), 150);
  if (errors.total() > 3) message += "\n  ...";

  google::rpc::BadRequest bad_request;
  v1::ImportErrors listed;
  listed.set_total(errors.total());
  // Each error costs its two entries, their tags and lengths (at most 3
  // bytes each below 16 KiB), and grows the Any wrappers' lengths.
  size_t budget = kMaxDetailsBytes - message.size() - 128;  // 128: codes, type URLs, lengths
  size_t wanted = std::min<size_t>(sorted.size(), max_details);
  for (size_t i = 0; i < wanted; ++i) {
    google::rpc::BadRequest::FieldViolation violation;
    violation.set_field(EscapeForMessage(ViolationField(sorted[i]), 200));
    violation.set_description(EscapeForMessage(sorted[i].reason, 500));
    v1::ImportError error;
    error.set_line(sorted[i].line);
    error.set_field(EscapeForMessage(sorted[i].field, 200));
    error.set_reason(violation.description());
    const size_t cost = violation.ByteSizeLong() + error.ByteSizeLong() + 8;
    if (cost > budget) {
      listed.set_cut_to_size(true);
      break;
    }
    budget -= cost;
    *bad_request.add_field_violations() = std::move(violation);
    *listed.add_errors() = std::move(error);
  }
  return WithDetails(grpc::StatusCode::INVALID_ARGUMENT, message, {&bad_request, &listed});
}

void ToProto(const Diagnostic& d, v1::ImportError* out) {
  out->set_line(d.line);
  out->set_field(d.field);
  out->set_reason(d.reason);
}

void ToProto(const Diagnostic& d, v1::ImportWarning* out) {
  out->set_line(d.line);
  out->set_field(d.field);
  out->set_reason(d.reason);
}

}  // namespace

GraphServiceImpl::GraphServiceImpl(store::Store* store, std::string default_agency)
    : store_(store), default_agency_(std::move(default_agency)) {}

// One import call, Import's or CheckImport's, from its first message to
// its log line.
struct GraphServiceImpl::ImportRun {
  std::unique_ptr<Importer> importer;
  std::string file_name;
  std::string agency;  // as sent; empty: the server's default
  uint32_t max_details = kDefaultErrorDetails;
  bool dry_run = false;
  Status finished;                            // Importer::Finish(), when it got that far
};

grpc::Status GraphServiceImpl::RunImport(grpc::ServerContext* context,
                                         const std::function<bool(v1::ImportRequest*)>& read, bool check,
                                         ImportRun* run) {
  const auto started = std::chrono::steady_clock::now();
  auto commit_start = started;
  const char* outcome = "failed";
  // Every call ends with one log line: file name and counts, never record contents.
  auto log = [&](const char* what) {
    auto done = std::chrono::steady_clock::now();
    if (commit_start == started) commit_start = done;
    // Who wrote what: the agency the import was sent as, and whose records
    // it replaced (until access control ties callers to agencies, any
    // caller may replace any agency's records; the log keeps the trace).
    std::string replaced;
    if (run->importer && run->finished.ok() && !run->dry_run) {
      for (const auto& [agency, count] : run->importer->stats().replaced_by_agency) {
        replaced += (replaced.empty() ? ", replaced " : ", ") + std::to_string(count) + " of " +
                    EscapeForMessage(agency, 200);
      }
    }
    std::printf("palermod: import %s sent as %s: %s, %lld lines, %lld records%s, %.3f s reading + %.3f s committing\n",
                run->file_name.empty() ? "(unnamed)" : EscapeForMessage(run->file_name, 200).c_str(),
                EscapeForMessage(run->agency.empty() ? default_agency_ : run->agency, 200).c_str(), what,
                static_cast<long long>(run->importer ? run->importer->lines() : 0),
                static_cast<long long>(run->importer ? run->importer->stats().records : 0), replaced.c_str(),
                std::chrono::duration<double>(commit_start - started).count(),
                std::chrono::duration<double>(done - commit_start).count());
    std::fflush(stdout);
  };
  auto start = [&](const v1::ImportRequest& first) -> grpc::Status {
    run->file_name = first.file_name();
    run->agency = first.agency();
    Status s = CheckText("file_name", first.file_name());
    if (s.ok()) s = CheckAgency("agency", first.agency(), false);
    if (!s.ok()) return ToGrpc(s);
    if (!check && first.max_error_details() > kMaxErrorDetails) {
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "max_error_details " + std::to_string(first.max_error_details()) + " is over the limit of " +
                  std::to_string(kMaxErrorDetails) + "; CheckImport lists every error"};
    }
    ImporterOptions options;
    options.default_agency = first.agency().empty() ? default_agency_ : first.agency();
    // An authenticated agency imports its own records only (docs/ACCESS.md).
    const Caller caller = CallerOf(*context, default_agency_);
    if (caller.authenticated) {
      if (!first.agency().empty() && first.agency() != caller.agency) {
        return {grpc::StatusCode::PERMISSION_DENIED,
                "agency " + caller.agency + " imports only its own records, not as " + first.agency()};
      }
      run->agency = options.default_agency = options.only_agency = caller.agency;
    }
    options.dry_run = run->dry_run = check || first.dry_run();
    if (check) options.keep_errors = options.keep_warnings = kMaxCheckedDiagnostics;
    if (first.max_error_details() > 0) run->max_details = first.max_error_details();
    run->importer = std::make_unique<Importer>(store_, options);
    Status begun = run->importer->Begin();
    return ToGrpc(begun);
  };
  // A call that ends before Finish: logged, then its status returned.
  auto end_early = [&](grpc::Status status) {
    const bool cancelled = context->IsCancelled();
    // The client gives up at its deadline, a little before the server's
    // (which counts from when the call arrived): a call cancelled within a
    // second of its deadline is taken as past it.
    const bool late = cancelled && context->deadline() <= std::chrono::system_clock::now() + std::chrono::seconds(1);
    if (late) status = {grpc::StatusCode::DEADLINE_EXCEEDED, "import past its deadline; nothing was imported"};
    else if (cancelled) status = {grpc::StatusCode::CANCELLED, "import cancelled; nothing was imported"};
    log(late ? "past its deadline" : cancelled ? "cancelled"
                                   : status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ? "bad request"
                                                                                               : "failed");
    return status;
  };

  v1::ImportRequest request;
  while (read(&request)) {
    if (!run->importer) {
      grpc::Status s = start(request);
      if (!s.ok()) return end_early(s);
    }
    Status s = run->importer->Feed(request.chunk());
    if (!s.ok()) return end_early(ToGrpc(s));
  }
  if (context->IsCancelled()) return end_early(grpc::Status::OK);
  if (!run->importer) {
    grpc::Status s = start(v1::ImportRequest());
    if (!s.ok()) return end_early(s);
  }
  commit_start = std::chrono::steady_clock::now();
  run->finished = run->importer->Finish();
  const Status& s = run->finished;
  outcome = s.ok() ? (run->dry_run ? "checked" : "committed")
                   : s.code() == Status::Code::kInvalidArgument ? "refused" : "failed";
  log(outcome);
  if (s.code() == Status::Code::kInvalidArgument) {
    return ImportFailed(run->file_name, run->importer->errors(), run->max_details);
  }
  return ToGrpc(s);
}

grpc::Status GraphServiceImpl::Import(grpc::ServerContext* context, grpc::ServerReader<v1::ImportRequest>* reader,
                                      v1::ImportResponse* response) {
  ImportRun run;
  grpc::Status status =
      RunImport(context, [reader](v1::ImportRequest* request) { return reader->Read(request); }, false, &run);
  if (!status.ok()) return status;
  const store::ImportStats& stats = run.importer->stats();
  response->set_records(stats.records);
  response->set_created(stats.created);
  response->set_replaced(stats.replaced);
  response->set_lines(run.importer->lines());
  response->set_dry_run(run.dry_run);
  if (!run.dry_run) {
    response->set_import_number(stats.number);
    response->mutable_replaced_by_agency()->insert(stats.replaced_by_agency.begin(), stats.replaced_by_agency.end());
  }
  response->set_warnings_total(run.importer->warnings().total());
  for (const auto& w : run.importer->warnings().Sorted()) ToProto(w, response->add_warnings());
  return grpc::Status::OK;
}

grpc::Status GraphServiceImpl::CheckImport(grpc::ServerContext* context,
                                           grpc::ServerReaderWriter<v1::ImportDiagnostic, v1::ImportRequest>* stream) {
  ImportRun run;
  grpc::Status status =
      RunImport(context, [stream](v1::ImportRequest* request) { return stream->Read(request); }, true, &run);
  // Only a file that was read to its end has diagnostics to stream.
  if (!status.ok() && run.finished.code() != Status::Code::kInvalidArgument) return status;
  const Importer& importer = *run.importer;
  v1::ImportDiagnostic message;
  for (const auto& e : importer.errors().Sorted()) {
    ToProto(e, message.mutable_error());
    if (!stream->Write(message)) return {grpc::StatusCode::CANCELLED, "check cancelled"};
  }
  for (const auto& w : importer.warnings().Sorted()) {
    ToProto(w, message.mutable_warning());
    if (!stream->Write(message)) return {grpc::StatusCode::CANCELLED, "check cancelled"};
  }
  auto* summary = message.mutable_summary();
  summary->set_lines(importer.lines());
  summary->set_records(importer.stats().records);
  summary->set_created(importer.stats().created);
  summary->set_replaced(importer.stats().replaced);
  summary->set_errors_total(importer.errors().total());
  summary->set_warnings_total(importer.warnings().total());
  summary->set_cut(importer.errors().total() > static_cast<int64_t>(kMaxCheckedDiagnostics) ||
                   importer.warnings().total() > static_cast<int64_t>(kMaxCheckedDiagnostics));
  if (!stream->Write(message)) return {grpc::StatusCode::CANCELLED, "check cancelled"};
  return status;
}

grpc::Status GraphServiceImpl::Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                                      grpc::ServerWriter<v1::ExportResponse>* writer) {
  Status checked = CheckAgency("agency", request->agency(), false);
  if (!checked.ok()) return ToGrpc(checked);
  const bool for_court = request->purpose() == "court";
  if (!for_court && !request->purpose().empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "purpose \"" + EscapeForMessage(request->purpose(), 100) + "\" is not one of: court (or empty)"};
  }
  // What the caller may read, never references (docs/ACCESS.md); for a
  // court, nothing handled H1.
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  v1::ExportResponse batch;
  bool client_gone = false;
  Status failed = Status::Ok();
  Status s = snapshot->view().ForEachRecord([&](store::NodeId, const v1::Record& record) {
    if (!request->agency().empty() && record.agency() != request->agency()) return true;
    if (record.reference_only()) return true;
    if (for_court) {
      Result<const v1::Handling*> handling = snapshot->access().HandlingOf(record);
      if (!handling.ok()) {
        failed = handling.status();
        return false;
      }
      if (*handling != nullptr && (*handling)->code() == v1::HANDLING_CODE_H1) return true;
    }
    *batch.add_records() = record;
    if (batch.records_size() >= kExportBatch) {
      if (context->IsCancelled() || !writer->Write(batch)) {
        client_gone = true;
        return false;
      }
      batch.Clear();
    }
    return true;
  });
  if (s.ok()) s = failed;
  if (!s.ok()) return ToGrpc(s);
  if (client_gone) return {grpc::StatusCode::CANCELLED, "export cancelled"};
  if (batch.records_size() > 0 && !writer->Write(batch)) return {grpc::StatusCode::CANCELLED, "export cancelled"};
  return grpc::Status::OK;
}

namespace {

// The node of `key`: InvalidArgument for a malformed key, NotFound for a
// well-formed one of no record.
Result<store::NodeId> LookupKey(const store::View& view, const std::string& key, const std::string& default_agency,
                                const char* what) {
  Status s = CheckKey(what, key, true);
  if (!s.ok()) return s;
  return view.Lookup(QualifyKey(key, default_agency));
}

// Global keys of node ids, read through `view` and remembered.
class KeyCache {
 public:
  explicit KeyCache(const store::View& view) : view_(view) {}
  void Remember(store::NodeId id, const v1::Record& record) {
    keys_[id] = model::GlobalKey(record.agency(), record.id());
  }
  Result<std::string> Key(store::NodeId id) {
    auto it = keys_.find(id);
    if (it != keys_.end()) return it->second;
    v1::Record record;
    Status s = view_.Get(id, &record);
    if (!s.ok()) return s;
    Remember(id, record);
    return keys_[id];
  }
  Status Fill(const graph::GraphEdge& edge, v1::Edge* out) {
    auto from = Key(edge.from);
    if (!from.ok()) return from.status();
    auto to = Key(edge.to);
    if (!to.ok()) return to.status();
    out->set_from(*from);
    out->set_label(edge.label);
    out->set_to(*to);
    return Status::Ok();
  }

 private:
  const store::View& view_;
  std::unordered_map<store::NodeId, std::string> keys_;
};

Status ParseEdgeFilter(const google::protobuf::RepeatedField<int>& labels, graph::EdgeFilter* filter) {
  for (int label : labels) {
    if (!v1::EdgeLabel_IsValid(label) || label == v1::EDGE_LABEL_UNSPECIFIED) {
      return Status::InvalidArgument("unknown edge label " + std::to_string(label));
    }
    filter->labels.push_back(static_cast<v1::EdgeLabel>(label));
  }
  return Status::Ok();
}

}  // namespace

grpc::Status GraphServiceImpl::Get(grpc::ServerContext* context, const v1::GetRequest* request, v1::GetResponse* response) {
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->view();
  auto id = LookupKey(*view, request->key(), snapshot->access().agency(), "key");
  if (!id.ok()) return ToGrpc(id.status());
  Status s = view->Get(*id, response->mutable_record());
  if (!s.ok()) return ToGrpc(s);
  KeyCache keys(*view);
  keys.Remember(*id, response->record());
  for (auto direction : {store::Direction::kOut, store::Direction::kIn}) {
    std::vector<graph::GraphEdge> edges;
    s = view->ForEachEdge(*id, direction, [&](v1::EdgeLabel label, store::NodeId other) {
      edges.push_back(direction == store::Direction::kOut ? graph::GraphEdge{*id, label, other}
                                                          : graph::GraphEdge{other, label, *id});
    });
    if (!s.ok()) return ToGrpc(s);
    for (const auto& edge : edges) {
      s = keys.Fill(edge, direction == store::Direction::kOut ? response->add_out_edges() : response->add_in_edges());
      if (!s.ok()) return ToGrpc(s);
    }
  }
  return grpc::Status::OK;
}

grpc::Status GraphServiceImpl::Neighbors(grpc::ServerContext* context, const v1::NeighborsRequest* request,
                                         v1::NeighborsResponse* response) {
  // Every argument is checked before the key is looked up (docs/ERRORS.md).
  graph::NeighborsQuery query;
  query.depth = request->depth() == 0 ? 1 : request->depth();
  if (query.depth > graph::NeighborsQuery::kMaxDepth) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "depth must be between 1 and " + std::to_string(graph::NeighborsQuery::kMaxDepth)};
  }
  query.limit = request->limit() == 0 ? 1000 : request->limit();
  Status s = ParseEdgeFilter(request->edge_labels(), &query.edges);
  if (!s.ok()) return ToGrpc(s);
  for (int kind : request->kinds()) {
    if (!v1::Kind_IsValid(kind) || kind == v1::KIND_UNSPECIFIED) {
      return {grpc::StatusCode::INVALID_ARGUMENT, "unknown kind " + std::to_string(kind)};
    }
    query.kinds.push_back(static_cast<v1::Kind>(kind));
  }
  s = CheckKey("key", request->key(), true);
  if (!s.ok()) return ToGrpc(s);
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->view();
  auto id = LookupKey(*view, request->key(), snapshot->access().agency(), "key");
  if (!id.ok()) return ToGrpc(id.status());
  query.origin = *id;
  auto result = graph::Neighbors(*view, query);
  if (!result.ok()) return ToGrpc(result.status());
  KeyCache keys(*view);
  keys.Remember(*id, result->origin);
  *response->mutable_origin() = std::move(result->origin);
  for (auto& found : result->records) {
    keys.Remember(found.id, found.record);
    auto* neighbor = response->add_neighbors();
    neighbor->set_distance(found.distance);
    *neighbor->mutable_record() = std::move(found.record);
  }
  for (const auto& edge : result->edges) {
    s = keys.Fill(edge, response->add_edges());
    if (!s.ok()) return ToGrpc(s);
  }
  response->set_truncated(result->truncated);
  return grpc::Status::OK;
}

grpc::Status GraphServiceImpl::Path(grpc::ServerContext* context, const v1::PathRequest* request, v1::PathResponse* response) {
  // Every argument is checked before the keys are looked up (docs/ERRORS.md).
  graph::PathQuery query;
  query.max_depth = request->max_depth() == 0 ? 6 : request->max_depth();
  if (query.max_depth > graph::PathQuery::kMaxDepth) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            "max depth must be between 1 and " + std::to_string(graph::PathQuery::kMaxDepth)};
  }
  Status s = CheckKey("from", request->from(), true);
  if (s.ok()) s = CheckKey("to", request->to(), true);
  if (!s.ok()) return ToGrpc(s);
  auto snapshot = SnapshotFor(*context, *store_, default_agency_);
  const store::View* view = &snapshot->view();
  const std::string agency = snapshot->access().agency();
  auto from = LookupKey(*view, request->from(), agency, "from");
  if (!from.ok()) return ToGrpc(from.status());
  auto to = LookupKey(*view, request->to(), agency, "to");
  if (!to.ok()) return ToGrpc(to.status());
  query.from = *from;
  query.to = *to;
  auto result = graph::ShortestPath(*view, query);
  if (!result.ok()) return ToGrpc(result.status());
  response->set_found(result->found);
  KeyCache keys(*view);
  for (auto& found : result->records) {
    keys.Remember(found.id, found.record);
    *response->add_records() = std::move(found.record);
  }
  for (const auto& edge : result->edges) {
    s = keys.Fill(edge, response->add_edges());
    if (!s.ok()) return ToGrpc(s);
  }
  return grpc::Status::OK;
}

grpc::Status GraphServiceImpl::Release(grpc::ServerContext* context, const v1::ReleaseRequest* request,
                                       v1::ReleaseResponse* response) {
  Status s = CheckKey("key", request->key(), true);
  if (s.ok()) s = CheckAgency("to", request->to(), true);
  if (!s.ok()) return ToGrpc(s);
  const Caller caller = CallerOf(*context, default_agency_);
  auto snapshot = SnapshotFor(caller, *store_);
  auto id = LookupKey(snapshot->view(), request->key(), caller.agency, "key");
  if (!id.ok()) return ToGrpc(id.status());
  v1::Record record;
  if (s = snapshot->all().Get(*id, &record); !s.ok()) return ToGrpc(s);
  const std::string key = model::GlobalKey(record.agency(), record.id());
  response->set_key(key);
  if (caller.authenticated && record.agency() != caller.agency) {
    return {grpc::StatusCode::PERMISSION_DENIED, "only its owner " + record.agency() + " may release " + key};
  }
  Result<const v1::Handling*> handling = snapshot->access().HandlingOf(record);
  if (!handling.ok()) return ToGrpc(handling.status());
  if (*handling == nullptr || record.agency() == request->to()) return grpc::Status::OK;  // readable already
  const auto& to = (*handling)->releasable_to();
  if (std::find(to.begin(), to.end(), request->to()) != to.end()) {
    response->mutable_releasable_to()->CopyFrom(to);
    return grpc::Status::OK;
  }
  // The record takes its effective handling as its own, with the agency
  // added, and is written as an import of that one record.
  v1::Handling released = **handling;
  released.add_releasable_to(request->to());
  *record.mutable_handling() = released;
  std::string line;
  format::AppendCaseLine(record, &line);
  ImporterOptions options;
  options.default_agency = options.only_agency = record.agency();
  Importer importer(store_, options);
  Status imported = importer.ImportText(line);
  if (!imported.ok()) {
    std::string why = imported.message();
    if (!importer.errors().empty()) why += ": " + importer.errors().Sorted().front().ToString();
    return ToGrpc(Status::IoError("the release could not be written: " + why));
  }
  std::printf("palermod: %s released %s to %s (import %llu)\n", EscapeForMessage(caller.agency, 200).c_str(),
              key.c_str(), EscapeForMessage(request->to(), 200).c_str(),
              static_cast<unsigned long long>(importer.stats().number));
  std::fflush(stdout);
  response->mutable_releasable_to()->CopyFrom(released.releasable_to());
  response->set_written(true);
  response->set_import_number(importer.stats().number);
  return grpc::Status::OK;
}

}  // namespace palermo::services
