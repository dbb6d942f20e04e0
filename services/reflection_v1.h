// Server reflection, grpc.reflection.v1.
//
// Debian 12's gRPC (1.51) serves only grpc.reflection.v1alpha; newer stock
// tools (grpcurl 1.9+, Postman, grpc_cli of gRPC 1.57+, Python's
// grpcio-reflection 1.57+) ask for v1 first. This is the v1 service, compiled
// from Debian's grpc-proto package and answering from the generated
// descriptor pool, as the v1alpha service does.
//
// Call InitReflectionV1ServerBuilderPlugin() before making a ServerBuilder;
// every builder made after it serves grpc.reflection.v1.ServerReflection and
// lists every service the server has (health and v1alpha reflection too).
#pragma once

#include <grpcpp/impl/server_builder_plugin.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace palermo::services {

class ReflectionV1Service final : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // `services`: the server's service names, read at each list_services; it
  // must outlive the service (ServerInitializer::GetServiceList gives one).
  explicit ReflectionV1Service(const std::vector<std::string>* services = nullptr) : services_(services) {}
  // Set by the plugin once the server has started: a request may be served before.
  void SetServiceList(const std::vector<std::string>* services) { services_.store(services); }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>* stream) override;

  // One request's answer; an error is an error_response, as the standard says.
  grpc::reflection::v1::ServerReflectionResponse Answer(const grpc::reflection::v1::ServerReflectionRequest& request) const;

 private:
  std::atomic<const std::vector<std::string>*> services_;
};

// Registers ReflectionV1Service on every ServerBuilder made after the call.
void InitReflectionV1ServerBuilderPlugin();

}  // namespace palermo::services
