#include "services/audit_service.h"

#include "common/encoding.h"
#include "format/date.h"
#include "format/json.h"
#include "services/access_control.h"
#include "services/grpc_status.h"
#include "store/keys.h"

namespace palermo::services {

namespace v1 = palermo::v1;

namespace {

constexpr int kChunkEntries = 500;

}  // namespace

grpc::Status AuditServiceImpl::ReadLog(grpc::ServerContext* context, const v1::ReadLogRequest* request,
                                       grpc::ServerWriter<v1::ReadLogChunk>* writer) {
  if (log_ == nullptr) {
    return {grpc::StatusCode::FAILED_PRECONDITION,
            "this palermod keeps no audit log: it keeps one with TLS, or with --audit (docs/ACCESS.md)"};
  }
  if (request->checkpoints() && (!request->since().empty() || !request->agency().empty())) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "checkpoints come with the whole log: give no since or agency"};
  }
  if (Status s = CheckAgency("agency", request->agency(), false); !s.ok()) return ToGrpc(s);
  std::string since;  // entries whose time sorts at or after this text
  if (!request->since().empty()) {
    format::DateInterval interval;
    std::string reason;
    if (!format::ParseIsoDate(request->since(), &interval, &reason)) {
      return {grpc::StatusCode::INVALID_ARGUMENT, "since: " + reason};
    }
    since = UtcTimeText(interval.first_s).substr(0, 19);  // "YYYY-MM-DDTHH:MM:SS", as entries begin
  }
  // Every call before this one is in the log when it is read (with a sync
  // interval, some may still be queued).
  if (Status s = log_->Flush(); !s.ok()) return ToGrpc(s);
  // The checkpoints first: the log only grows, so each covers entries the
  // scan below reads, even when calls and checkpoints go on meanwhile.
  std::vector<std::string> checkpoints;
  if (request->checkpoints()) {
    Status s = store_->ForEachAudit(std::string(1, store::kAuditCheckpointTag), "",
                                    [&](std::string_view, std::string_view v) {
      checkpoints.emplace_back(v);
      return true;
    });
    if (!s.ok()) return ToGrpc(s);
  }
  const Caller caller = CallerOf(*context, default_agency_);
  v1::ReadLogChunk chunk;
  const access::PublicKey& key = log_->public_key();
  chunk.set_public_key(std::string(reinterpret_cast<const char*>(key.data()), key.size()));
  bool gone = false;
  auto flush = [&] {
    if (context->IsCancelled() || !writer->Write(chunk)) gone = true;
    chunk.Clear();
  };
  Status bad = Status::Ok();
  Status s = store_->ForEachAudit(std::string(1, store::kAuditEntryTag), "", [&](std::string_view k, std::string_view v) {
    char tag;
    uint64_t index = 0;
    if (!store::DecodeAuditKey(k, &tag, &index)) {
      bad = Status::Corruption("a malformed audit key after entry " + std::to_string(index));
      return false;
    }
    // A value too short for its hash goes out as it is: verify names it.
    const std::string_view text = v.size() < 32 ? v : v.substr(32);
    bool withheld = false;
    if (!since.empty() || !request->agency().empty() || caller.authenticated) {
      format::JsonValue entry;
      std::string error;
      const bool parsed = format::ParseJson(text, &entry, &error);
      const format::JsonValue* time = parsed ? entry.Find("time") : nullptr;
      const format::JsonValue* agency = parsed ? entry.Find("agency") : nullptr;
      if (!since.empty() && (time == nullptr || time->text().substr(0, since.size()) < since)) return true;
      if (!request->agency().empty() && (agency == nullptr || agency->text() != request->agency())) return true;
      // An agency reads its own entries and those of callers palermod
      // could not identify (refused before any agency was known); the
      // others' only as hashes, to check the log.
      if (caller.authenticated && (agency == nullptr || (agency->text() != caller.agency && !agency->text().empty()))) {
        if (!request->checkpoints()) return true;
        withheld = true;
      }
    }
    v1::AuditLogEntry* out = chunk.add_entries();
    out->set_index(index);
    out->set_withheld(withheld);
    if (!withheld) out->set_text(std::string(text));
    if (v.size() >= 32) out->set_stored_leaf(std::string(v.substr(0, 32)));
    if (chunk.entries_size() >= kChunkEntries) flush();
    return !gone;
  });
  if (s.ok()) s = bad;
  if (!s.ok()) return ToGrpc(s);
  if (gone) return {grpc::StatusCode::CANCELLED, "the client went away"};
  for (std::string& checkpoint : checkpoints) chunk.add_checkpoints(std::move(checkpoint));
  flush();
  if (gone) return {grpc::StatusCode::CANCELLED, "the client went away"};
  return grpc::Status::OK;
}

}  // namespace palermo::services
