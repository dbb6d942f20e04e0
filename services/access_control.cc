#include "services/access_control.h"

#include <google/protobuf/descriptor.h>

#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include "access/identity.h"
#include "common/files.h"
#include "services/audit_interceptor.h"
#include "palermo/v1/audit.pb.h"

namespace palermo::services {
namespace {

constexpr char kAgencyProperty[] = "palermo.agency";
constexpr char kAnalystProperty[] = "palermo.analyst";
constexpr char kRoleProperty[] = "palermo.role";
constexpr char kHealthPrefix[] = "/grpc.health.v1.Health/";

// The services palermod serves and their methods: ours from the generated
// descriptors, gRPC's health and reflection by name (they are not
// generated into this pool).
std::map<std::string, std::set<std::string>> ServedMethods() {
  std::map<std::string, std::set<std::string>> served = {
      {"grpc.health.v1.Health", {"Check", "Watch"}},
      {"grpc.reflection.v1alpha.ServerReflection", {"ServerReflectionInfo"}},
      {"grpc.reflection.v1.ServerReflection", {"ServerReflectionInfo"}},
  };
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* name : {"palermo.v1.GraphService", "palermo.v1.ReasonerService", "palermo.v1.LinkageService",
                           "palermo.v1.AnalyticsService", "palermo.v1.AuditService"}) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int m = 0; m < service->method_count(); ++m) served[name].insert(service->method(m)->name());
  }
  return served;
}

std::string Lookup(const grpc::AuthMetadataProcessor::InputMetadata& metadata, const char* key) {
  auto it = metadata.find(key);
  return it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
}

grpc::Status Refuse(grpc::StatusCode code, const std::string& method, const std::string& who,
                    const std::string& reason) {
  std::cerr << "palermod: refused " << (method.empty() ? "a call" : method) << (who.empty() ? "" : " of " + who)
            << ": " << reason << "\n";
  return grpc::Status(code, reason);
}

}  // namespace

bool AccessRequested(const AccessFiles& files) {
  return !files.tls_cert.empty() || !files.tls_key.empty() || !files.client_ca.empty() || !files.token_keys.empty() ||
         !files.policy.empty();
}

Result<std::shared_ptr<grpc::ServerCredentials>> SecureCredentials(const AccessFiles& files, AuditLog* audit) {
  if (files.tls_cert.empty() || files.tls_key.empty() || files.client_ca.empty() || files.token_keys.empty()) {
    return Status::InvalidArgument("--tls-cert, --tls-key, --client-ca and --token-keys go together (docs/ACCESS.md)");
  }
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  for (auto [flag, path, out] : {std::tuple<const char*, const std::string*, std::string*>{"--tls-cert", &files.tls_cert, &pair.cert_chain},
                                 {"--tls-key", &files.tls_key, &pair.private_key},
                                 {"--client-ca", &files.client_ca, &ssl.pem_root_certs}}) {
    auto read = ReadWholeFile(*path);
    if (!read.ok()) return Status::InvalidArgument(std::string(flag) + ": " + read.status().message());
    if (read->empty()) return Status::InvalidArgument(std::string(flag) + ": " + *path + " is empty");
    *out = std::move(*read);
  }
  ssl.pem_key_cert_pairs.push_back(pair);
  auto keys = access::ReadPublicKeys(files.token_keys);
  if (!keys.ok()) return Status::InvalidArgument("--token-keys: " + keys.status().message());
  std::string policy_text(access::DefaultPolicyText());
  std::string policy_name = "(default policy)";
  if (!files.policy.empty()) {
    auto read = ReadWholeFile(files.policy);
    if (!read.ok()) return Status::InvalidArgument("--policy: " + read.status().message());
    policy_text = std::move(*read);
    policy_name = files.policy;
  }
  auto policy = access::ParsePolicy(policy_text, policy_name);
  if (!policy.ok()) return Status::InvalidArgument("--policy: " + policy.status().message());
  std::vector<std::string> unknown = access::UnknownMethods(*policy, ServedMethods());
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& m : unknown) list += (list.empty() ? "" : ", ") + m;
    return Status::InvalidArgument("--policy " + policy_name + " names methods palermod does not serve: " + list);
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(ssl);
  credentials->SetAuthMetadataProcessor(std::make_shared<CallerCheck>(std::move(*policy), std::move(*keys), audit));
  return credentials;
}

bool IsLoopback(const std::string& listen) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

Caller CallerOf(const grpc::ServerContextBase& context, const std::string& default_agency) {
  Caller caller;
  caller.agency = default_agency;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (!auth) return caller;
  auto value = [&](const char* name) {
    std::vector<grpc::string_ref> values = auth->FindPropertyValues(name);
    return values.empty() ? std::optional<std::string>() : std::string(values[0].data(), values[0].size());
  };
  if (auto agency = value(kAgencyProperty)) {
    caller.authenticated = true;
    caller.agency = *agency;
    caller.analyst = value(kAnalystProperty).value_or("");
    if (auto role = value(kRoleProperty)) caller.role = access::ParseRole(*role);
  }
  return caller;
}

std::unique_ptr<CallerSnapshot> SnapshotFor(const grpc::ServerContext& context, const store::Store& store,
                                            const std::string& default_agency) {
  return SnapshotFor(CallerOf(context, default_agency), store);
}

std::unique_ptr<CallerSnapshot> SnapshotFor(const Caller& caller, const store::Store& store) {
  return std::make_unique<CallerSnapshot>(store.Snapshot(), caller.agency, caller.authenticated);
}

CallerCheck::CallerCheck(access::Policy policy, std::vector<access::PublicKey> keys, AuditLog* audit)
    : policy_(std::move(policy)), keys_(std::move(keys)), audit_(audit) {}

grpc::Status CallerCheck::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                  OutputMetadata* consumed, OutputMetadata*) {
  std::string agency, analyst;
  grpc::Status status = Check(auth_metadata, context, consumed, &agency, &analyst);
  if (status.ok() || audit_ == nullptr) return status;
  // A refusal is an entry of the audit log like any call.
  AuditRecord record;
  record.agency = agency;
  record.analyst = analyst;
  record.method = Lookup(auth_metadata, ":path");
  record.outcome = AuditOutcome(status);
  if (Status s = audit_->Append(record); !s.ok()) {
    std::cerr << "palermod: a refusal could not be written to the audit log: " << s.message() << "\n";
  }
  return status;
}

grpc::Status CallerCheck::Check(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                OutputMetadata* consumed, std::string* agency_out, std::string* analyst_out) {
  const std::string method = Lookup(auth_metadata, ":path");
  if (method.empty()) {
    return Refuse(grpc::StatusCode::INTERNAL, method, "", "the call's method is not known to the access check");
  }
  std::vector<grpc::string_ref> pems = context->FindPropertyValues("x509_pem_cert");
  if (pems.empty()) return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, "", "a client certificate is needed");
  const std::string pem(pems[0].data(), pems[0].size());
  Result<std::string> agency = Status::NotFound("");
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto cached = agency_of_certificate_.find(pem);
    if (cached != agency_of_certificate_.end()) agency = cached->second;
  }
  if (!agency.ok()) {
    agency = access::AgencyOfCertificate(pem);
    if (!agency.ok()) return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, "", agency.status().message());
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (agency_of_certificate_.size() >= kMaxCached) agency_of_certificate_.clear();
    agency_of_certificate_.emplace(pem, *agency);
  }
  *agency_out = *agency;
  if (method.rfind(kHealthPrefix, 0) == 0) {  // is palermod serving: the certificate is enough
    context->AddProperty(kAgencyProperty, *agency);
    return grpc::Status::OK;
  }
  const std::string authorization = Lookup(auth_metadata, "authorization");
  const std::string bearer = "Bearer ";
  if (authorization.rfind(bearer, 0) != 0) {
    return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, *agency,
                  "a token is needed (authorization: Bearer TOKEN; palermo --token-file)");
  }
  const std::string token = authorization.substr(bearer.size());
  const auto now = static_cast<int64_t>(std::time(nullptr));
  Result<access::Claims> claims = Status::NotFound("");
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto cached = claims_of_token_.find(token);
    if (cached != claims_of_token_.end() && now < cached->second.expires_at) claims = cached->second;
  }
  if (!claims.ok()) {
    claims = access::VerifyToken(token, keys_, now);
    if (!claims.ok()) return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, *agency, claims.status().message());
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (claims_of_token_.size() >= kMaxCached) claims_of_token_.clear();
    claims_of_token_.emplace(token, *claims);
  }
  *analyst_out = claims->analyst;
  const std::string who = *agency + "/" + claims->analyst + " (" + std::string(access::RoleName(claims->role)) + ")";
  if (claims->agency != *agency) {
    return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, who,
                  "the token names agency " + claims->agency + ", the certificate " + *agency);
  }
  if (Status allowed = access::Allow(policy_, *agency, claims->analyst, claims->role, method); !allowed.ok()) {
    return Refuse(grpc::StatusCode::PERMISSION_DENIED, method, who, allowed.message());
  }
  context->AddProperty(kAgencyProperty, *agency);
  context->AddProperty(kAnalystProperty, claims->analyst);
  context->AddProperty(kRoleProperty, std::string(access::RoleName(claims->role)));
  context->SetPeerIdentityPropertyName(kAgencyProperty);
  consumed->insert({"authorization", authorization});
  return grpc::Status::OK;
}

}  // namespace palermo::services
