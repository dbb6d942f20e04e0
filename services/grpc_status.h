// The one place where core Status becomes grpc::Status.
#pragma once

#include <grpcpp/support/status.h>

#include "common/status.h"

namespace palermo::services {

grpc::Status ToGrpc(const Status& status);

}  // namespace palermo::services
