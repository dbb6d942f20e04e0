// What the end-to-end tests share: a real palermod on 127.0.0.1 (a port of
// its own) over a fresh data directory, stubs on a channel as a stock
// client makes it (default limits), the CLI, and a streamed import.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/test_util.h"

namespace palermo::testing {

class E2eTest : public ::testing::Test {
 protected:
  // palermod with `agency` as its default agency and `extra` arguments, its
  // data in scratch_/`name` and its log in scratch_/`name`.log.
  std::unique_ptr<process::Palermod> StartServer(const std::string& agency,
                                                 const std::vector<std::string>& extra = {},
                                                 const std::string& name = "data") {
    auto server = std::make_unique<process::Palermod>(PALERMOD_PATH, scratch_.File(name),
                                                      scratch_.File(name + ".log"), agency, extra);
    EXPECT_TRUE(server->running()) << server->log();
    auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
    graph_ = palermo::v1::GraphService::NewStub(channel);
    reasoner_ = palermo::v1::ReasonerService::NewStub(channel);
    return server;
  }

  // `palermo --server ADDRESS ARGS...`.
  process::Outcome Cli(std::vector<std::string> args, const process::Palermod& server) {
    args.insert(args.begin(), {PALERMO_CLI_PATH, "--server", server.address()});
    return process::Run(args, scratch_.File("cli" + std::to_string(++runs_)));
  }

  // One Import call: `first` (agency, file name, options) with the first
  // chunk of `text`, the rest in chunks of 64 KiB.
  grpc::Status Import(const std::string& text, palermo::v1::ImportRequest first,
                      palermo::v1::ImportResponse* response = nullptr) {
    palermo::v1::ImportResponse ignored;
    auto context = Context();
    auto writer = graph_->Import(context.get(), response ? response : &ignored);
    for (size_t i = 0; i == 0 || i < text.size(); i += 65536) {
      first.set_chunk(text.substr(i, 65536));
      if (!writer->Write(first)) break;
      first = palermo::v1::ImportRequest();
    }
    writer->WritesDone();
    return writer->Finish();
  }

  // A call context with a deadline a minute away.
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return context;
  }

  TempDir scratch_;
  std::unique_ptr<palermo::v1::GraphService::Stub> graph_;
  std::unique_ptr<palermo::v1::ReasonerService::Stub> reasoner_;
  int runs_ = 0;
};

}  // namespace palermo::testing
