#include "services/web.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <map>
#include <set>
#include <thread>

#include "common/text.h"
#include "format/case_format.h"
#include "services/access_control.h"
#include "palermo/v1/analytics.grpc.pb.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"

namespace palermo::services {
namespace {

namespace v1 = palermo::v1;

std::string PersonLink(const std::string& key) {
  return "<a href=\"/person?key=" + EscapeUrlComponent(key) + "\">" + EscapeXml(key) + "</a>";
}

constexpr char kStyle[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}"
    "header{background:#253858;color:#fff;padding:10px 20px}header a{color:#fff;margin-right:16px}"
    "main{padding:16px 20px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;"
    "text-align:left;vertical-align:top}th{background:#f2f2f2}form input,form select{margin-right:8px}"
    ".muted{color:#666}.uncertain{color:#a15c00}ul.proof{list-style:none;padding-left:18px;"
    "border-left:2px solid #ddd}#chart{border:1px solid #ccc;height:640px;overflow:hidden;cursor:grab}"
    "#chart svg{width:100%;height:100%}";

// Pan (drag) and zoom (wheel) of the chart's SVG by its viewBox.
constexpr char kPanZoom[] =
    "<script>(function(){var box=document.getElementById('chart');if(!box)return;"
    "var svg=box.querySelector('svg');if(!svg)return;var v=svg.viewBox.baseVal;"
    "var drag=null;box.addEventListener('wheel',function(e){e.preventDefault();"
    "var f=e.deltaY<0?0.8:1.25;var r=svg.getBoundingClientRect();"
    "var x=v.x+(e.clientX-r.left)/r.width*v.width,y=v.y+(e.clientY-r.top)/r.height*v.height;"
    "v.x=x-(x-v.x)*f;v.y=y-(y-v.y)*f;v.width*=f;v.height*=f;},{passive:false});"
    "box.addEventListener('mousedown',function(e){drag={x:e.clientX,y:e.clientY};});"
    "window.addEventListener('mouseup',function(){drag=null;});"
    "box.addEventListener('mousemove',function(e){if(!drag)return;var r=svg.getBoundingClientRect();"
    "v.x-=(e.clientX-drag.x)/r.width*v.width;v.y-=(e.clientY-drag.y)/r.height*v.height;"
    "drag={x:e.clientX,y:e.clientY};});})();</script>";

std::string Page(const std::string& title, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + EscapeXml(title) +
         " - Palermo</title><style>" + kStyle + "</style></head><body><header><a href=\"/\">Findings</a>"
         "<span>Palermo, read-only</span></header><main><h1>" + EscapeXml(title) + "</h1>" + body +
         "</main></body></html>";
}

int HttpStatus(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT: return 400;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::NOT_FOUND: return 404;
    default: return 503;
  }
}

constexpr char kSignInForm[] =
    "<form id=\"signin\" method=\"post\" action=\"/signin\"><p>Paste the token <code>palermo admin token</code> "
    "made for you (it is kept in a cookie of this site until you sign out or it expires):</p>"
    "<textarea name=\"token\" rows=\"4\" cols=\"80\"></textarea><br><button type=\"submit\">Sign in</button></form>";

void Fail(const grpc::Status& status, httplib::Response& res) {
  res.status = HttpStatus(status);
  std::string body = "<p id=\"reason\">" + EscapeXml(status.error_message()) + "</p>";
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED && status.error_message().find("token") != std::string::npos) {
    body += kSignInForm;
  }
  res.set_content(Page("Cannot show this", body), "text/html; charset=utf-8");
}

std::string CertificatePem(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// What the browser of `req` presents: its TLS client certificate (and the
// chain it sent) and its token, from the authorization header or else the
// sign-in cookie.
Presented Visitor(const httplib::Request& req) {
  Presented presented;
  if (req.ssl != nullptr) {
    std::unique_ptr<X509, decltype(&X509_free)> leaf(SSL_get1_peer_certificate(req.ssl), X509_free);
    if (leaf) presented.certificate = CertificatePem(leaf.get());
    if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(req.ssl)) {
      for (int i = 0; i < sk_X509_num(chain); ++i) presented.chain += CertificatePem(sk_X509_value(chain, i));
    }
  }
  presented.authorization = req.get_header_value("Authorization");
  if (presented.authorization.empty()) {
    const std::string cookies = req.get_header_value("Cookie");
    const std::string name = "palermo_token=";
    for (size_t start = 0; start < cookies.size();) {
      size_t end = cookies.find(';', start);
      if (end == std::string::npos) end = cookies.size();
      size_t begin = start;
      while (begin < end && cookies[begin] == ' ') ++begin;
      if (cookies.compare(begin, name.size(), name) == 0) {
        presented.authorization = "Bearer " + cookies.substr(begin + name.size(), end - begin - name.size());
      }
      start = end + 1;
    }
  }
  return presented;
}

std::string MethodName(const char* service, const char* method) {
  return std::string("/") + service + "/" + method;
}

std::string Grading(const v1::Finding& f) {
  return f.reliability().empty() && f.credibility().empty() ? "" : f.reliability() + f.credibility();
}

void ProofTree(const v1::ProofNode& node, std::set<std::string>* sources, std::string* out) {
  *out += "<li>" + std::string(node.absent() ? "no " : "") + "<code>" + EscapeXml(node.fact()) + "</code>";
  if (!node.rule().empty()) *out += " <span class=\"muted\">by " + EscapeXml(node.rule()) + " (" + EscapeXml(node.citation()) + ")</span>";
  if (!node.record().empty()) {
    *out += " <span class=\"muted\">from " + PersonLink(node.record()) + " of " + EscapeXml(node.agency());
    if (!node.reliability().empty()) *out += ", graded " + EscapeXml(node.reliability() + node.credibility());
    *out += "</span>";
    if (!node.source().empty()) {
      sources->insert(node.source() + " | " + node.source_reference() + " | " + node.source_reported() + " | " +
                      node.reliability() + node.credibility());
    }
  }
  if (node.shown_above()) *out += " <span class=\"muted\">(as above)</span>";
  if (node.truncated()) *out += " <span class=\"muted\">(cut)</span>";
  if (node.premises_size() > 0) {
    *out += "<ul class=\"proof\">";
    for (const v1::ProofNode& premise : node.premises()) ProofTree(premise, sources, out);
    *out += "</ul>";
  }
  *out += "</li>";
}

}  // namespace

class WebServer::Impl {
 public:
  Impl(std::shared_ptr<grpc::Channel> channel, std::optional<WebTls> tls)
      : tls_(std::move(tls)),
        graph_(v1::GraphService::NewStub(channel)),
        reasoner_(v1::ReasonerService::NewStub(channel)),
        analytics_(v1::AnalyticsService::NewStub(channel)) {}

  // The server, HTTPS when the page has TLS; Unavailable or
  // InvalidArgument when its files do not load.
  Status Make() {
    if (!tls_) {
      server_ = std::make_unique<httplib::Server>();
    } else {
      const WebTls tls = *tls_;
      std::string failed;
      auto https = std::make_unique<httplib::SSLServer>([&tls, &failed](SSL_CTX& ctx) {
        if (SSL_CTX_use_certificate_chain_file(&ctx, tls.cert_file.c_str()) != 1) failed = "--tls-cert " + tls.cert_file;
        else if (SSL_CTX_use_PrivateKey_file(&ctx, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
                 SSL_CTX_check_private_key(&ctx) != 1) failed = "--tls-key " + tls.key_file;
        if (!failed.empty()) return false;
        SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
        // Ask for the client's certificate and let CallerCheck verify it,
        // as on gRPC: a visitor without one is refused as a call, logged.
        SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(tls.client_ca_file.c_str())) {
          SSL_CTX_set_client_CA_list(&ctx, names);
        }
        return true;
      });
      if (!https->is_valid()) {
        return Status::InvalidArgument("--http: the web page's TLS cannot use " + (failed.empty() ? "its files" : failed));
      }
      server_ = std::move(https);
      server_->Post("/signin", [this](const httplib::Request& req, httplib::Response& res) { SignIn(req, res); });
      server_->Post("/signout", [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Set-Cookie", "palermo_token=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict");
        res.set_content(Page("Signed out", kSignInForm), "text/html; charset=utf-8");
      });
    }
    server_->Get("/", [this](const httplib::Request& req, httplib::Response& res) { Findings(req, res); });
    server_->Get("/finding", [this](const httplib::Request& req, httplib::Response& res) { Finding(req, res); });
    server_->Get("/person", [this](const httplib::Request& req, httplib::Response& res) { Person(req, res); });
    server_->Get("/chart.svg", [this](const httplib::Request& req, httplib::Response& res) { ChartSvg(req, res); });
    return Status::Ok();
  }

  bool https() const { return tls_.has_value(); }

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;

 private:
  // Calls `rpc` of `stub` for the visitor of `req`: with TLS, as the
  // caller CallerCheck admits for `method` (or its refusal).
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(const httplib::Request& req, const char* service, const char* method,
                    grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*), Stub* stub,
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    if (tls_) {
      Presented presented = Visitor(req);
      presented.method = MethodName(service, method);
      Caller caller;
      if (grpc::Status admitted = tls_->check->Admit(presented, &caller); !admitted.ok()) return admitted;
      context.AddMetadata(kSealedCallerMetadata, SealedCaller(caller));
    }
    return (stub->*rpc)(&context, request, response);
  }

  // The sign-in form's token, checked as the findings page's first call
  // would check it, kept in a cookie of this site.
  void SignIn(const httplib::Request& req, httplib::Response& res) {
    std::string token = req.get_param_value("token");
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
    Presented presented = Visitor(req);
    presented.method = MethodName(v1::ReasonerService::service_full_name(), "ListRules");
    presented.authorization = "Bearer " + token;
    const bool cookie_safe = token.find_first_of(";, \t\r\n\"") == std::string::npos;
    Caller caller;
    grpc::Status admitted = cookie_safe ? tls_->check->Admit(presented, &caller)
                                        : grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "that is not a token");
    if (!admitted.ok()) return Fail(admitted, res);
    res.set_header("Set-Cookie", "palermo_token=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    res.set_redirect("/", 303);
  }

  void Findings(const httplib::Request& req, httplib::Response& res) {
    v1::ListRulesResponse rules;
    grpc::Status status = Call(req, v1::ReasonerService::service_full_name(), "ListRules",
                               &v1::ReasonerService::Stub::ListRules, reasoner_.get(), v1::ListRulesRequest(), &rules);
    if (!status.ok()) return Fail(status, res);
    v1::ListFindingsRequest request;
    const std::string type = req.get_param_value("type"), agency = req.get_param_value("agency"),
                      subject = req.get_param_value("subject");
    if (!type.empty()) request.add_types(type);
    request.set_agency(agency);
    request.set_subject(subject);
    request.set_page_size(1000);
    v1::ListFindingsResponse found;
    status = Call(req, v1::ReasonerService::service_full_name(), "ListFindings", &v1::ReasonerService::Stub::ListFindings,
                  reasoner_.get(), request, &found);
    if (!status.ok()) return Fail(status, res);
    std::string body = "<form method=\"get\" action=\"/\">Type <select name=\"type\"><option value=\"\">any</option>";
    for (const v1::FindingType& t : rules.finding_types()) {
      body += "<option value=\"" + EscapeXml(t.name()) + "\"" + (t.name() == type ? " selected" : "") + ">" +
              EscapeXml(t.title().empty() ? t.name() : t.title()) + "</option>";
    }
    body += "</select>Agency <input name=\"agency\" value=\"" + EscapeXml(agency) + "\">Subject <input name=\"subject\" value=\"" +
            EscapeXml(subject) + "\"><button type=\"submit\">Filter</button></form>";
    body += "<p id=\"count\">" + std::to_string(found.findings_size()) + " findings" +
            (found.next_page_token().empty() ? "" : " (the first 1000)") + "</p>";
    body += "<table id=\"findings\"><tr><th>Finding</th><th>Subject</th><th>Citation</th><th>Grading</th><th></th></tr>";
    for (const v1::Finding& f : found.findings()) {
      body += "<tr><td>" + EscapeXml(f.title().empty() ? f.type() : f.title()) + "<br><span class=\"muted\">" +
              EscapeXml(f.type()) + "</span></td><td>" + PersonLink(f.subject()) + "</td><td>" + EscapeXml(f.citation()) +
              "</td><td>" + EscapeXml(Grading(f)) + "</td><td><a href=\"/finding?id=" + EscapeUrlComponent(f.id()) +
              "\">proof</a></td></tr>";
    }
    body += "</table>";
    res.set_content(Page("Findings", body), "text/html; charset=utf-8");
  }

  void Finding(const httplib::Request& req, httplib::Response& res) {
    v1::ExplainRequest request;
    request.set_finding_id(req.get_param_value("id"));
    v1::ExplainResponse explained;
    grpc::Status status = Call(req, v1::ReasonerService::service_full_name(), "Explain",
                               &v1::ReasonerService::Stub::Explain, reasoner_.get(), request, &explained);
    if (!status.ok()) return Fail(status, res);
    const v1::Finding& f = explained.finding();
    std::string body = "<p><b>" + EscapeXml(f.type()) + "</b> about " + PersonLink(f.subject()) + "</p><p>" +
                       EscapeXml(f.meaning()) + ".</p><p><b>What to do:</b> " + EscapeXml(f.action()) + ".</p><p>Rule " +
                       EscapeXml(f.rule()) + ", " + EscapeXml(f.citation()) + "</p><h2>Elements</h2><table>";
    for (const auto& [name, keys] : std::map<std::string, v1::Keys>(f.elements().begin(), f.elements().end())) {
      body += "<tr><th>" + EscapeXml(name) + "</th><td>";
      for (const std::string& key : keys.keys()) body += PersonLink(key) + " ";
      body += "</td></tr>";
    }
    for (const std::string& missing : f.missing()) body += "<tr><th>" + EscapeXml(missing) + "</th><td>missing</td></tr>";
    body += "</table><h2>Evidence</h2><table><tr><th>Date</th><th>Record</th><th>What</th><th>Source</th></tr>";
    for (const v1::Evidence& e : f.evidence()) {
      body += "<tr><td>" + EscapeXml(e.date()) + "</td><td>" + PersonLink(e.key()) + "</td><td>" + EscapeXml(e.description()) +
              "</td><td>" + EscapeXml(e.source()) + "</td></tr>";
    }
    body += "</table><h2>Proof</h2>";
    std::set<std::string> sources;
    for (const v1::ProofNode& proof : explained.proofs()) {
      std::string tree;
      ProofTree(proof, &sources, &tree);
      body += "<ul class=\"proof\" id=\"proof\">" + tree + "</ul>";
    }
    body += "<h2>Sources</h2><table id=\"sources\"><tr><th>Source</th><th>Reference</th><th>Reported</th><th>Grading</th></tr>";
    for (const std::string& source : sources) {
      body += "<tr>";
      size_t start = 0;
      for (int column = 0; column < 4; ++column) {
        const size_t end = source.find(" | ", start);
        body += "<td>" + EscapeXml(source.substr(start, end == std::string::npos ? std::string::npos : end - start)) + "</td>";
        start = end == std::string::npos ? source.size() : end + 3;
      }
      body += "</tr>";
    }
    body += "</table>";
    res.set_content(Page(f.title().empty() ? f.type() : f.title(), body), "text/html; charset=utf-8");
  }

  void Person(const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.get_param_value("key");
    v1::GetRequest get;
    get.set_key(key);
    v1::GetResponse record;
    grpc::Status status =
        Call(req, v1::GraphService::service_full_name(), "Get", &v1::GraphService::Stub::Get, graph_.get(), get, &record);
    if (!status.ok()) return Fail(status, res);
    const std::string global = record.record().agency() + "/" + record.record().id();
    std::string line;
    format::AppendCaseLine(record.record(), &line);
    std::string body = "<p>The record as imported:</p><pre id=\"record\">" + EscapeXml(line) + "</pre><p><a href=\"/?subject=" +
                       EscapeUrlComponent(global) + "\">Findings about it</a></p>";
    v1::TimelineRequest timeline_request;
    timeline_request.set_subject(global);
    v1::TimelineResponse timeline;
    status = Call(req, v1::AnalyticsService::service_full_name(), "Timeline", &v1::AnalyticsService::Stub::Timeline,
                  analytics_.get(), timeline_request, &timeline);
    if (!status.ok()) return Fail(status, res);
    body += "<h2>Timeline</h2><p class=\"muted\">Of";
    for (const std::string& joined : timeline.joined()) body += " " + PersonLink(joined);
    body += ". Dates as written; <span class=\"uncertain\">~</span> marks an entry that starts before an earlier one "
            "ends (their order is not known).</p><table id=\"timeline\"><tr><th></th><th>Date</th><th>What</th>"
            "<th>Record</th><th>Details</th></tr>";
    for (const v1::TimelineEntry& e : timeline.entries()) {
      body += "<tr><td class=\"uncertain\">" + std::string(e.order_uncertain() ? "~" : "") + "</td><td>" +
              EscapeXml(e.date().empty() ? "undated" : e.date()) + "</td><td>" + EscapeXml(e.type()) + " (" + EscapeXml(e.role()) +
              ")</td><td>" + PersonLink(e.key()) + "</td><td>" + EscapeXml(e.summary()) + "</td></tr>";
    }
    body += "</table><h2>Link chart</h2><p class=\"muted\">Drag to pan, wheel to zoom, click a party to open it.</p>"
            "<div id=\"chart\">";
    v1::ChartRequest chart_request;
    chart_request.set_subject(global);
    chart_request.set_depth(2);
    chart_request.set_link_prefix("/person?key=");
    v1::ChartResponse chart;
    status = Call(req, v1::AnalyticsService::service_full_name(), "Chart", &v1::AnalyticsService::Stub::Chart,
                  analytics_.get(), chart_request, &chart);
    if (!status.ok()) return Fail(status, res);
    const std::string& svg = chart.svg();
    const size_t start = svg.find("<svg");
    body += (start == std::string::npos ? svg : svg.substr(start)) + "</div>" + kPanZoom;
    res.set_content(Page(global, body), "text/html; charset=utf-8");
  }

  void ChartSvg(const httplib::Request& req, httplib::Response& res) {
    v1::ChartRequest request;
    request.set_subject(req.get_param_value("key"));
    request.set_depth(req.has_param("depth") ? static_cast<uint32_t>(std::atoi(req.get_param_value("depth").c_str())) : 2);
    request.set_link_prefix("/person?key=");
    v1::ChartResponse chart;
    grpc::Status status = Call(req, v1::AnalyticsService::service_full_name(), "Chart",
                               &v1::AnalyticsService::Stub::Chart, analytics_.get(), request, &chart);
    if (!status.ok()) return Fail(status, res);
    res.set_content(chart.svg(), "image/svg+xml");
  }

  const std::optional<WebTls> tls_;
  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::ReasonerService::Stub> reasoner_;
  std::unique_ptr<v1::AnalyticsService::Stub> analytics_;
};

WebServer::WebServer(std::shared_ptr<grpc::Channel> channel, std::optional<WebTls> tls)
    : impl_(std::make_unique<Impl>(std::move(channel), std::move(tls))) {}

WebServer::~WebServer() { Stop(); }

const char* WebServer::scheme() const { return impl_->https() ? "https" : "http"; }

Status WebServer::Start(const std::string& host, int port) {
  if (!impl_->https() && host != "127.0.0.1" && host != "localhost" && host != "::1") {
    return Status::InvalidArgument("--http: " + host +
                                   " is not loopback; without TLS the web page does not separate agencies, so it is "
                                   "served on 127.0.0.1, localhost or ::1 only");
  }
  if (Status made = impl_->Make(); !made.ok()) return made;
  port_ = port == 0 ? impl_->server_->bind_to_any_port(host) : (impl_->server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) return Status::Unavailable("--http: cannot listen on " + host + ":" + std::to_string(port));
  impl_->thread_ = std::thread([this] { impl_->server_->listen_after_bind(); });
  return Status::Ok();
}

void WebServer::Stop() {
  if (!impl_ || !impl_->thread_.joinable()) return;
  impl_->server_->stop();
  impl_->thread_.join();
}

}  // namespace palermo::services
