#include "services/web.h"

#include <httplib.h>

#include <map>
#include <set>
#include <thread>

#include "common/text.h"
#include "format/case_format.h"
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
    case grpc::StatusCode::NOT_FOUND: return 404;
    default: return 503;
  }
}

void Fail(const grpc::Status& status, httplib::Response& res) {
  res.status = HttpStatus(status);
  res.set_content(Page("Cannot show this", "<p>" + EscapeXml(status.error_message()) + "</p>"), "text/html; charset=utf-8");
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  return context;
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
  explicit Impl(std::shared_ptr<grpc::Channel> channel)
      : graph_(v1::GraphService::NewStub(channel)),
        reasoner_(v1::ReasonerService::NewStub(channel)),
        analytics_(v1::AnalyticsService::NewStub(channel)) {
    server_.Get("/", [this](const httplib::Request& req, httplib::Response& res) { Findings(req, res); });
    server_.Get("/finding", [this](const httplib::Request& req, httplib::Response& res) { Finding(req, res); });
    server_.Get("/person", [this](const httplib::Request& req, httplib::Response& res) { Person(req, res); });
    server_.Get("/chart.svg", [this](const httplib::Request& req, httplib::Response& res) { ChartSvg(req, res); });
  }

  httplib::Server server_;
  std::thread thread_;

 private:
  void Findings(const httplib::Request& req, httplib::Response& res) {
    v1::ListRulesResponse rules;
    grpc::Status status = reasoner_->ListRules(Context().get(), v1::ListRulesRequest(), &rules);
    if (!status.ok()) return Fail(status, res);
    v1::ListFindingsRequest request;
    const std::string type = req.get_param_value("type"), agency = req.get_param_value("agency"),
                      subject = req.get_param_value("subject");
    if (!type.empty()) request.add_types(type);
    request.set_agency(agency);
    request.set_subject(subject);
    request.set_page_size(1000);
    v1::ListFindingsResponse found;
    status = reasoner_->ListFindings(Context().get(), request, &found);
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
    grpc::Status status = reasoner_->Explain(Context().get(), request, &explained);
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
    grpc::Status status = graph_->Get(Context().get(), get, &record);
    if (!status.ok()) return Fail(status, res);
    const std::string global = record.record().agency() + "/" + record.record().id();
    std::string line;
    format::AppendCaseLine(record.record(), &line);
    std::string body = "<p>The record as imported:</p><pre id=\"record\">" + EscapeXml(line) + "</pre><p><a href=\"/?subject=" +
                       EscapeUrlComponent(global) + "\">Findings about it</a></p>";
    v1::TimelineRequest timeline_request;
    timeline_request.set_subject(global);
    v1::TimelineResponse timeline;
    status = analytics_->Timeline(Context().get(), timeline_request, &timeline);
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
    status = analytics_->Chart(Context().get(), chart_request, &chart);
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
    grpc::Status status = analytics_->Chart(Context().get(), request, &chart);
    if (!status.ok()) return Fail(status, res);
    res.set_content(chart.svg(), "image/svg+xml");
  }

  std::unique_ptr<v1::GraphService::Stub> graph_;
  std::unique_ptr<v1::ReasonerService::Stub> reasoner_;
  std::unique_ptr<v1::AnalyticsService::Stub> analytics_;
};

WebServer::WebServer(std::shared_ptr<grpc::Channel> channel) : impl_(std::make_unique<Impl>(std::move(channel))) {}

WebServer::~WebServer() { Stop(); }

Status WebServer::Start(const std::string& host, int port) {
  if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
    return Status::InvalidArgument("--http: " + host +
                                   " is not loopback; the web page does not separate agencies yet, so it is served "
                                   "on 127.0.0.1, localhost or ::1 only");
  }
  port_ = port == 0 ? impl_->server_.bind_to_any_port(host) : (impl_->server_.bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) return Status::Unavailable("--http: cannot listen on " + host + ":" + std::to_string(port));
  impl_->thread_ = std::thread([this] { impl_->server_.listen_after_bind(); });
  return Status::Ok();
}

void WebServer::Stop() {
  if (!impl_ || !impl_->thread_.joinable()) return;
  impl_->server_.stop();
  impl_->thread_.join();
}

}  // namespace palermo::services
