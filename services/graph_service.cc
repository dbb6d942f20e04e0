#include "services/graph_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "format/case_format.h"
#include "graph/traversal.h"
#include "services/grpc_status.h"
#include "services/importer.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr uint32_t kDefaultErrorDetails = 50;
constexpr uint32_t kMaxErrorDetails = 1000;
constexpr int kExportBatch = 512;

// INVALID_ARGUMENT for a failed import: a short message naming the first
// errors, and every listed error in the details (google.rpc.Status layout).
grpc::Status ImportFailed(const std::string& file_name, const format::DiagnosticList& errors, uint32_t max_details) {
  std::vector<format::Diagnostic> sorted = errors.Sorted();
  std::string message = std::to_string(errors.total()) + (errors.total() == 1 ? " error" : " errors") + " in " +
                        (file_name.empty() ? std::string("the file") : file_name) + "; nothing was imported";
  for (size_t i = 0; i < sorted.size() && i < 3; ++i) message += "\n  " + sorted[i].ToString();
  if (errors.total() > 3) message += "\n  ...";

  v1::ImportErrors details;
  details.set_total(errors.total());
  for (size_t i = 0; i < sorted.size() && i < max_details; ++i) {
    auto* error = details.add_errors();
    error->set_line(sorted[i].line);
    error->set_field(sorted[i].field);
    error->set_reason(sorted[i].reason);
  }
  v1::RpcStatus status;
  status.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  status.set_message(message);
  auto* any = status.add_details();
  any->set_type_url("type.googleapis.com/palermo.v1.ImportErrors");
  any->set_value(details.SerializeAsString());
  return {grpc::StatusCode::INVALID_ARGUMENT, message, status.SerializeAsString()};
}

bool ValidAgencyName(const std::string& agency) { return !agency.empty() && agency.find('/') == std::string::npos; }

}  // namespace

GraphServiceImpl::GraphServiceImpl(store::Store* store, std::string default_agency, ImportListener on_import)
    : store_(store), default_agency_(std::move(default_agency)), on_import_(std::move(on_import)) {}

grpc::Status GraphServiceImpl::Import(grpc::ServerContext* context, grpc::ServerReader<v1::ImportRequest>* reader,
                                      v1::ImportResponse* response) {
  const auto started = std::chrono::steady_clock::now();
  v1::ImportRequest request;
  std::unique_ptr<Importer> importer;
  std::string file_name;
  uint32_t max_details = kDefaultErrorDetails;
  bool dry_run = false;
  std::shared_ptr<const store::View> before;
  auto start = [&](const v1::ImportRequest& first) -> grpc::Status {
    ImporterOptions options;
    options.default_agency = first.agency().empty() ? default_agency_ : first.agency();
    if (!ValidAgencyName(options.default_agency)) {
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "agency \"" + options.default_agency + "\" must be non-empty and hold no '/'"};
    }
    options.dry_run = dry_run = first.dry_run();
    file_name = first.file_name();
    if (first.max_error_details() > 0) max_details = std::min(first.max_error_details(), kMaxErrorDetails);
    importer = std::make_unique<Importer>(store_, options);
    Status begun = importer->Begin();
    before = store_->Snapshot();  // with the import lock held: exactly the store this import changes
    return ToGrpc(begun);
  };
  while (reader->Read(&request)) {
    if (!importer) {
      grpc::Status s = start(request);
      if (!s.ok()) return s;
    }
    Status s = importer->Feed(request.chunk());
    if (!s.ok()) return ToGrpc(s);
  }
  if (context->IsCancelled()) return {grpc::StatusCode::CANCELLED, "import cancelled; nothing was imported"};
  if (!importer) {
    grpc::Status s = start(v1::ImportRequest());
    if (!s.ok()) return s;
  }
  auto commit_start = std::chrono::steady_clock::now();
  Status s = importer->Finish();
  auto done = std::chrono::steady_clock::now();
  // Log counts and file names only, never record contents.
  std::printf("palermod: import %s: %s, %lld lines, %lld records, %.3f s reading + %.3f s committing\n",
              file_name.empty() ? "(unnamed)" : file_name.c_str(),
              s.ok() ? (dry_run ? "checked" : "committed") : s.code() == Status::Code::kInvalidArgument ? "refused" : "failed",
              static_cast<long long>(importer->lines()), static_cast<long long>(importer->stats().records),
              std::chrono::duration<double>(commit_start - started).count(),
              std::chrono::duration<double>(done - commit_start).count());
  std::fflush(stdout);
  if (s.code() == Status::Code::kInvalidArgument) return ImportFailed(file_name, importer->errors(), max_details);
  if (!s.ok()) return ToGrpc(s);

  if (!dry_run && on_import_) on_import_(before, importer->stats());  // even an empty import counts
  response->set_records(importer->stats().records);
  response->set_created(importer->stats().created);
  response->set_replaced(importer->stats().replaced);
  response->set_lines(importer->lines());
  response->set_dry_run(dry_run);
  response->set_warnings_total(importer->warnings().total());
  for (const auto& w : importer->warnings().Sorted()) {
    auto* warning = response->add_warnings();
    warning->set_line(w.line);
    warning->set_field(w.field);
    warning->set_reason(w.reason);
  }
  return grpc::Status::OK;
}

grpc::Status GraphServiceImpl::Export(grpc::ServerContext* context, const v1::ExportRequest* request,
                                      grpc::ServerWriter<v1::ExportResponse>* writer) {
  auto view = store_->Snapshot();
  v1::ExportResponse batch;
  bool client_gone = false;
  Status s = view->ForEachRecord([&](store::NodeId, const v1::Record& record) {
    if (!request->agency().empty() && record.agency() != request->agency()) return true;
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
  if (!s.ok()) return ToGrpc(s);
  if (client_gone) return {grpc::StatusCode::CANCELLED, "export cancelled"};
  if (batch.records_size() > 0 && !writer->Write(batch)) return {grpc::StatusCode::CANCELLED, "export cancelled"};
  return grpc::Status::OK;
}

namespace {

// A key without '/' is an id of the default agency.
std::string QualifyKey(const std::string& key, const std::string& default_agency) {
  return key.find('/') == std::string::npos ? format::GlobalKey(default_agency, key) : key;
}

Result<store::NodeId> LookupKey(const store::View& view, const std::string& key, const std::string& default_agency,
                                const char* what) {
  if (key.empty()) return Status::InvalidArgument(std::string(what) + " is required (a global key AGENCY/ID)");
  return view.Lookup(QualifyKey(key, default_agency));
}

// Global keys of node ids, read through `view` and remembered.
class KeyCache {
 public:
  explicit KeyCache(const store::View& view) : view_(view) {}
  void Remember(store::NodeId id, const v1::Record& record) {
    keys_[id] = format::GlobalKey(record.agency(), record.id());
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

grpc::Status GraphServiceImpl::Get(grpc::ServerContext*, const v1::GetRequest* request, v1::GetResponse* response) {
  auto view = store_->Snapshot();
  auto id = LookupKey(*view, request->key(), default_agency_, "key");
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

grpc::Status GraphServiceImpl::Neighbors(grpc::ServerContext*, const v1::NeighborsRequest* request,
                                         v1::NeighborsResponse* response) {
  auto view = store_->Snapshot();
  auto id = LookupKey(*view, request->key(), default_agency_, "key");
  if (!id.ok()) return ToGrpc(id.status());
  graph::NeighborsQuery query;
  query.origin = *id;
  query.depth = request->depth() == 0 ? 1 : request->depth();
  query.limit = request->limit() == 0 ? 1000 : request->limit();
  Status s = ParseEdgeFilter(request->edge_labels(), &query.edges);
  if (!s.ok()) return ToGrpc(s);
  for (int kind : request->kinds()) {
    if (!v1::Kind_IsValid(kind) || kind == v1::KIND_UNSPECIFIED) {
      return {grpc::StatusCode::INVALID_ARGUMENT, "unknown kind " + std::to_string(kind)};
    }
    query.kinds.push_back(static_cast<v1::Kind>(kind));
  }
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

grpc::Status GraphServiceImpl::Path(grpc::ServerContext*, const v1::PathRequest* request, v1::PathResponse* response) {
  auto view = store_->Snapshot();
  auto from = LookupKey(*view, request->from(), default_agency_, "from");
  if (!from.ok()) return ToGrpc(from.status());
  auto to = LookupKey(*view, request->to(), default_agency_, "to");
  if (!to.ok()) return ToGrpc(to.status());
  graph::PathQuery query;
  query.from = *from;
  query.to = *to;
  query.max_depth = request->max_depth() == 0 ? 6 : request->max_depth();
  auto result = graph::ShortestPath(*view, query);
  if (!result.ok()) return ToGrpc(result.status());
  response->set_found(result->found);
  KeyCache keys(*view);
  for (auto& found : result->records) {
    keys.Remember(found.id, found.record);
    *response->add_records() = std::move(found.record);
  }
  for (const auto& edge : result->edges) {
    Status s = keys.Fill(edge, response->add_edges());
    if (!s.ok()) return ToGrpc(s);
  }
  return grpc::Status::OK;
}

}  // namespace palermo::services
