#include "services/audit_interceptor.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "access/audit.h"
#include "common/text.h"
#include "services/access_control.h"

namespace palermo::services {
namespace {

namespace pb = google::protobuf;
using grpc::experimental::InterceptionHookPoints;

constexpr char kHealthPrefix[] = "/grpc.health.v1.Health/";

// String fields that hold global keys in palermod's replies.
bool IsKeyField(const std::string& name) {
  static const std::set<std::string> kNames = {"key",    "keys",    "subject", "a",     "b",     "from", "to",
                                               "members", "linked", "actors",  "about", "joined", "via"};
  return kNames.count(name) > 0;
}

// The global keys a reply names: every record's, and every key field's
// (appended; sorted and made distinct when digested).
void CollectKeys(const pb::Message& message, std::vector<std::string>* keys) {
  const pb::Descriptor* descriptor = message.GetDescriptor();
  const pb::Reflection* reflection = message.GetReflection();
  if (descriptor->full_name() == "palermo.v1.Record") {
    const pb::FieldDescriptor* agency = descriptor->FindFieldByName("agency");
    const pb::FieldDescriptor* id = descriptor->FindFieldByName("id");
    keys->push_back(reflection->GetString(message, agency) + "/" + reflection->GetString(message, id));
    return;
  }
  const bool map_entry = descriptor->options().map_entry();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          CollectKeys(reflection->GetRepeatedMessage(message, field, i), keys);
        }
      } else {
        CollectKeys(reflection->GetMessage(message, field), keys);
      }
    } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && !map_entry && IsKeyField(field->name())) {
      auto add = [&](const std::string& value) {
        if (value.find('/') != std::string::npos) keys->push_back(value);
      };
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) add(reflection->GetRepeatedString(message, field, i));
      } else {
        add(reflection->GetString(message, field));
      }
    }
  }
}

class AuditInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuditInterceptor(AuditLog* log, grpc::experimental::ServerRpcInfo* info, const std::string& default_agency)
      : log_(log), info_(info), default_agency_(default_agency), method_(info->method()),
        streaming_(info->type() == grpc::experimental::ServerRpcInfo::Type::SERVER_STREAMING ||
                   info->type() == grpc::experimental::ServerRpcInfo::Type::BIDI_STREAMING) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      if (const auto* request = static_cast<const pb::Message*>(methods->GetRecvMessage())) {
        // One message (most calls) is kept for the log to hash when it
        // writes the entry; a stream's are hashed as they come.
        if (received_++ == 0) {
          request->SerializeToString(&first_request_);
        } else {
          if (!request_) {
            request_.emplace();
            request_->Update(first_request_);
            std::string().swap(first_request_);
          }
          request_->Update(request->SerializeAsString());
        }
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const auto* reply = static_cast<const pb::Message*>(methods->GetSendMessage())) {
        CollectKeys(*reply, &keys_);
        // A long stream names the same keys again and again: kept distinct
        // as it goes, so that memory follows the distinct keys.
        if (keys_.size() > 2 * distinct_keys_ + 64) DistinctKeys();
      }
      if (streaming_ && !started_) {
        started_ = true;
        // A stream's replies leave one by one: the call is logged first
        // (if that fails, the stream ends UNAVAILABLE after this reply).
        start_failed_ = !Append("started").ok();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      Status s = Append(AuditOutcome(status));
      if (s.ok() && start_failed_) s = Status::Unavailable("its first reply was not logged");
      if (!s.ok()) {
        methods->ModifySendStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                               "palermod could not write its audit log, so it does not answer: " +
                                                   s.message()));
      }
    }
    methods->Proceed();
  }

 private:
  // The digests are left to the log (MakeDigests, when it writes the
  // entry), except a stream's: its first entry is written before its last
  // request and reply.
  Status Append(const std::string& outcome) {
    const Caller caller = CallerOf(*info_->server_context(), default_agency_);
    AuditRecord record;
    record.agency = caller.agency;
    record.analyst = caller.analyst;
    record.method = method_;
    record.outcome = outcome;
    if (received_ == 1 && !streaming_) {
      record.request_pending = true;
      record.request_bytes = std::move(first_request_);
    } else if (received_ == 1) {
      record.request_digest = access::HexOf(access::Sha256Of({first_request_}));
    } else if (received_ > 1) {
      access::Sha256 copy = *request_;
      record.request_digest = copy.HexDigest();
    }
    if (streaming_) {
      DistinctKeys();
      record.reply_keys = keys_;  // the stream goes on naming keys
    } else {
      record.reply_keys = std::move(keys_);
    }
    return log_->Append(std::move(record));
  }

  void DistinctKeys() {
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    distinct_keys_ = keys_.size();
  }

  AuditLog* log_;
  grpc::experimental::ServerRpcInfo* info_;
  const std::string& default_agency_;
  std::string method_;
  bool streaming_;
  bool started_ = false;
  bool start_failed_ = false;
  int received_ = 0;            // request messages
  std::string first_request_;  // the first, serialized
  std::optional<access::Sha256> request_;  // the digest of them all, from the second on
  std::vector<std::string> keys_;
  size_t distinct_keys_ = 0;  // keys_'s size when last made distinct
};

}  // namespace

std::string AuditOutcome(const grpc::Status& status) {
  if (status.ok()) return "OK";
  const std::string& message = status.error_message();
  return std::to_string(status.error_code()) + ": " + EscapeForMessage(message.substr(0, message.find('\n')), 200);
}

grpc::experimental::Interceptor* AuditInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (std::string(info->method()).rfind(kHealthPrefix, 0) == 0) return nullptr;
  return new AuditInterceptor(log_, info, default_agency_);
}

}  // namespace palermo::services
