// The read-only web page palermod serves with --http (issue #11): the
// findings list with filters, a finding with its proof and sources, a
// person's record, timeline and link chart (pan, zoom, click a party to
// open it). Server-rendered HTML and SVG, a few lines of inline script for
// pan and zoom, no front-end build. Every page is made from the gRPC
// services' answers over palermod's in-process channel, so the page sees
// exactly what a gRPC caller sees. cpp-httplib serves it (Debian's
// libcpp-httplib-dev).
//
// With palermod's TLS (issue #12) the page is HTTPS and separates agencies
// as gRPC does: the browser presents its agency's client certificate and
// the analyst's token (`Authorization: Bearer TOKEN`, or the cookie the
// page's sign-in form sets); CallerCheck checks both before each call the
// page makes for it (refusals logged as any), and the call carries the
// checked caller to the services sealed (access/seal.h), so its answers
// are screened for that caller and its audit entries name them.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

#include "common/status.h"

namespace palermo::services {

class CallerCheck;

// The page's HTTPS: palermod's certificate and key, the agencies' CA (named
// to browsers when they pick a certificate) and palermod's CallerCheck.
struct WebTls {
  std::string cert_file, key_file, client_ca_file;
  std::shared_ptr<CallerCheck> check;
};

class WebServer {
 public:
  // Serves the pages from `channel` (palermod's InProcessChannel), over
  // HTTPS with `tls`, else over plain HTTP on loopback.
  WebServer(std::shared_ptr<grpc::Channel> channel, std::optional<WebTls> tls);
  ~WebServer();  // Stop()
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds host:port (port 0: any free one) and serves on a thread of its
  // own. InvalidArgument for a host that is not loopback without TLS, or
  // for TLS files that do not load; Unavailable when it cannot bind.
  Status Start(const std::string& host, int port);
  int port() const { return port_; }
  // "https" with TLS, else "http".
  const char* scheme() const;
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace palermo::services
