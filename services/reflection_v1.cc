#include "services/reflection_v1.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/impl/server_initializer.h>
#include <grpcpp/server_builder.h>

#include <unordered_set>

namespace palermo::services {

namespace rv1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

namespace {

void SetError(rv1::ServerReflectionResponse* response, grpc::StatusCode code, std::string message) {
  auto* error = response->mutable_error_response();
  error->set_error_code(static_cast<int32_t>(code));
  error->set_error_message(std::move(message));
}

// The file and, once each, every file it imports, the file itself first (as
// the v1alpha service answers; clients resolve the order themselves).
void AddFileWithDependencies(const FileDescriptor* file, std::unordered_set<std::string>* seen,
                             rv1::FileDescriptorResponse* out) {
  if (!seen->insert(file->name()).second) return;
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  out->add_file_descriptor_proto(proto.SerializeAsString());
  for (int i = 0; i < file->dependency_count(); ++i) AddFileWithDependencies(file->dependency(i), seen, out);
}

void AnswerFile(const FileDescriptor* file, rv1::ServerReflectionResponse* response) {
  std::unordered_set<std::string> seen;
  AddFileWithDependencies(file, &seen, response->mutable_file_descriptor_response());
}

}  // namespace

rv1::ServerReflectionResponse ReflectionV1Service::Answer(const rv1::ServerReflectionRequest& request) const {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  rv1::ServerReflectionResponse response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case rv1::ServerReflectionRequest::kFileByFilename: {
      const FileDescriptor* file = pool->FindFileByName(request.file_by_filename());
      if (file == nullptr) {
        SetError(&response, grpc::StatusCode::NOT_FOUND, "file not found: " + request.file_by_filename());
      } else {
        AnswerFile(file, &response);
      }
      break;
    }
    case rv1::ServerReflectionRequest::kFileContainingSymbol: {
      const FileDescriptor* file = pool->FindFileContainingSymbol(request.file_containing_symbol());
      if (file == nullptr) {
        SetError(&response, grpc::StatusCode::NOT_FOUND, "symbol not found: " + request.file_containing_symbol());
      } else {
        AnswerFile(file, &response);
      }
      break;
    }
    case rv1::ServerReflectionRequest::kFileContainingExtension: {
      const auto& wanted = request.file_containing_extension();
      const auto* type = pool->FindMessageTypeByName(wanted.containing_type());
      if (type == nullptr) {
        SetError(&response, grpc::StatusCode::NOT_FOUND, "type not found: " + wanted.containing_type());
        break;
      }
      const auto* extension = pool->FindExtensionByNumber(type, wanted.extension_number());
      if (extension == nullptr) {
        SetError(&response, grpc::StatusCode::NOT_FOUND,
                 "extension not found: " + wanted.containing_type() + " " + std::to_string(wanted.extension_number()));
        break;
      }
      AnswerFile(extension->file(), &response);
      break;
    }
    case rv1::ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const auto* type = pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (type == nullptr) {
        SetError(&response, grpc::StatusCode::NOT_FOUND, "type not found: " + request.all_extension_numbers_of_type());
        break;
      }
      std::vector<const google::protobuf::FieldDescriptor*> extensions;
      pool->FindAllExtensions(type, &extensions);
      auto* numbers = response.mutable_all_extension_numbers_response();
      numbers->set_base_type_name(type->full_name());
      for (const auto* extension : extensions) numbers->add_extension_number(extension->number());
      break;
    }
    case rv1::ServerReflectionRequest::kListServices: {
      const std::vector<std::string>* services = services_.load();
      if (services == nullptr) {
        SetError(&response, grpc::StatusCode::UNAVAILABLE, "the service list is not known yet");
        break;
      }
      auto* list = response.mutable_list_services_response();
      for (const std::string& name : *services) list->add_service()->set_name(name);
      break;
    }
    case rv1::ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      SetError(&response, grpc::StatusCode::INVALID_ARGUMENT, "the request names no message_request");
      break;
  }
  return response;
}

grpc::Status ReflectionV1Service::ServerReflectionInfo(
    grpc::ServerContext* /*context*/,
    grpc::ServerReaderWriter<rv1::ServerReflectionResponse, rv1::ServerReflectionRequest>* stream) {
  rv1::ServerReflectionRequest request;
  while (stream->Read(&request)) {
    if (!stream->Write(Answer(request))) break;
  }
  return grpc::Status::OK;
}

namespace {

class ReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "palermo_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* initializer) override { initializer->RegisterService(service_); }
  // The list is the server's own, filled as services register (health last).
  void Finish(grpc::ServerInitializer* initializer) override {
    service_->SetServiceList(initializer->GetServiceList());
  }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return service_->has_synchronous_methods(); }
  bool has_async_methods() const override { return service_->has_async_methods(); }

 private:
  std::shared_ptr<ReflectionV1Service> service_ = std::make_shared<ReflectionV1Service>();
};

std::unique_ptr<grpc::ServerBuilderPlugin> MakeReflectionV1Plugin() { return std::make_unique<ReflectionV1Plugin>(); }

}  // namespace

void InitReflectionV1ServerBuilderPlugin() {
  static const bool added = [] {
    grpc::ServerBuilder::InternalAddPluginFactory(&MakeReflectionV1Plugin);
    return true;
  }();
  (void)added;
}

}  // namespace palermo::services
