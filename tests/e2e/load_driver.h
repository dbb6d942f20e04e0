// A load of concurrent gRPC clients on palermod (issue #12, "Hardening"):
// each client calls Get, Neighbors and ListFindings in turn, each with a
// deadline, on its own channel, until the time is up, and every call's
// latency and status are kept. Used by the load test (audit_test.cc:
// errors must be 0) and by bench/load_bench.cc (latencies).
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"

namespace palermo::testing {

struct LoadOptions {
  int clients = 50;
  double seconds = 5;
  int deadline_ms = 5000;
  std::vector<std::string> keys;  // records to Get and walk from
  // The methods called in turn (Get, Neighbors, ListFindings); only Get
  // when `only_get`.
  bool only_get = false;
};

struct LoadResult {
  int64_t calls = 0;
  int64_t errors = 0;
  std::vector<std::string> first_errors;       // up to 10, "Method: code message"
  std::map<std::string, std::vector<double>> ms;  // latencies by method, sorted
};

// The q-quantile (0..1) of sorted `values`, nearest rank; 0 when empty.
inline double Quantile(const std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  size_t rank = static_cast<size_t>(q * static_cast<double>(values.size()));
  return values[std::min(rank, values.size() - 1)];
}

// Runs the load: `channel_for(i)` makes client i's channel (with its
// credentials).
inline LoadResult RunLoad(const std::function<std::shared_ptr<grpc::Channel>(int)>& channel_for,
                          const LoadOptions& options) {
  using Clock = std::chrono::steady_clock;
  LoadResult result;
  std::mutex mutex;
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::vector<std::thread> clients;
  for (int c = 0; c < options.clients; ++c) {
    clients.emplace_back([&, c] {
      auto channel = channel_for(c);
      auto graph = palermo::v1::GraphService::NewStub(channel);
      auto reasoner = palermo::v1::ReasonerService::NewStub(channel);
      std::mt19937 random(static_cast<uint32_t>(c) + 1);
      std::map<std::string, std::vector<double>> ms;
      std::vector<std::string> errors;
      int64_t calls = 0, failed = 0;
      for (int turn = 0; Clock::now() < end; ++turn) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(options.deadline_ms));
        const std::string& key = options.keys[random() % options.keys.size()];
        const int op = options.only_get ? 0 : turn % 3;
        const char* method = op == 0 ? "Get" : op == 1 ? "Neighbors" : "ListFindings";
        const auto started = Clock::now();
        grpc::Status status;
        if (op == 0) {
          palermo::v1::GetRequest request;
          request.set_key(key);
          palermo::v1::GetResponse response;
          status = graph->Get(&context, request, &response);
        } else if (op == 1) {
          palermo::v1::NeighborsRequest request;
          request.set_key(key);
          request.set_depth(2);
          request.set_limit(100);
          palermo::v1::NeighborsResponse response;
          status = graph->Neighbors(&context, request, &response);
        } else {
          palermo::v1::ListFindingsRequest request;
          request.set_page_size(50);
          request.set_consistency(palermo::v1::CONSISTENCY_STORED);
          palermo::v1::ListFindingsResponse response;
          status = reasoner->ListFindings(&context, request, &response);
        }
        ms[method].push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
        ++calls;
        if (!status.ok()) {
          ++failed;
          if (errors.size() < 10) {
            errors.push_back(std::string(method) + ": " + std::to_string(status.error_code()) + " " +
                             status.error_message());
          }
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      result.calls += calls;
      result.errors += failed;
      for (auto& e : errors) {
        if (result.first_errors.size() < 10) result.first_errors.push_back(std::move(e));
      }
      for (auto& [method, values] : ms) result.ms[method].insert(result.ms[method].end(), values.begin(), values.end());
    });
  }
  for (auto& t : clients) t.join();
  for (auto& [method, values] : result.ms) std::sort(values.begin(), values.end());
  return result;
}

}  // namespace palermo::testing
