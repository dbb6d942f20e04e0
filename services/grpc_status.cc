#include "services/grpc_status.h"

namespace palermo::services {

grpc::Status ToGrpc(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return grpc::Status::OK;
    case Status::Code::kInvalidArgument: return {grpc::StatusCode::INVALID_ARGUMENT, status.message()};
    case Status::Code::kNotFound: return {grpc::StatusCode::NOT_FOUND, status.message()};
    case Status::Code::kAlreadyExists: return {grpc::StatusCode::ALREADY_EXISTS, status.message()};
    case Status::Code::kBusy: return {grpc::StatusCode::UNAVAILABLE, status.message()};
    case Status::Code::kCorruption: return {grpc::StatusCode::DATA_LOSS, status.message()};
    case Status::Code::kIoError: return {grpc::StatusCode::INTERNAL, status.message()};
  }
  return {grpc::StatusCode::UNKNOWN, status.message()};
}

}  // namespace palermo::services
