// The read-only web page palermod serves with --http (issue #11): the
// findings list with filters, a finding with its proof and sources, a
// person's record, timeline and link chart (pan, zoom, click a party to
// open it). Server-rendered HTML and SVG, a few lines of inline script for
// pan and zoom, no front-end build. Every page is made from the gRPC
// services' answers over palermod's in-process channel, so the page sees
// exactly what a gRPC caller sees (and access control, when it comes,
// covers it). cpp-httplib serves it (Debian's libcpp-httplib-dev).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace palermo::services {

class WebServer {
 public:
  // Serves the pages from `channel` (palermod's InProcessChannel).
  explicit WebServer(std::shared_ptr<grpc::Channel> channel);
  ~WebServer();  // Stop()
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds host:port (port 0: any free one) and serves on a thread of its
  // own. InvalidArgument for a host that is not loopback (the page does
  // not separate agencies yet); Unavailable when it cannot bind.
  Status Start(const std::string& host, int port);
  int port() const { return port_; }
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace palermo::services
