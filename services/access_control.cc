#include "services/access_control.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <atomic>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <string_view>

#include "access/identity.h"
#include "access/seal.h"
#include "common/files.h"
#include "services/audit_interceptor.h"
#include "palermo/v1/audit.pb.h"

namespace palermo::services {
namespace {

constexpr char kAgencyProperty[] = "palermo.agency";
constexpr char kHealthPrefix[] = "/grpc.health.v1.Health/";

// The token of an `authorization` value "Bearer TOKEN", or nothing.
std::optional<std::string> BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (!authorization.starts_with(kBearer)) return std::nullopt;
  return std::string(authorization.substr(kBearer.size()));
}

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

// palermod's CallerCheck once it has TLS (then a call with no caller is
// not a development caller), for CallerOf to read a call's token with.
std::atomic<CallerCheck*> admitting_check{nullptr};

// Runs CallerCheck on the calls of palermod's TLS port and records the
// agency it admits in the AuthContext, where CallerOf finds it. gRPC's
// AuthContext is the connection's, shared by all its calls: only what
// holds for the whole connection goes there (the agency of its client
// certificate), once; the analyst and role are the call's own token's,
// read by CallerOf from the call's metadata.
class CheckProcessor : public grpc::AuthMetadataProcessor {
 public:
  explicit CheckProcessor(std::shared_ptr<CallerCheck> check) : check_(std::move(check)) {}
  // Writing a refusal to the audit log may wait for the disk: then gRPC
  // runs the check on its own threads.
  bool IsBlocking() const override { return check_->blocking(); }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context, OutputMetadata*,
                       OutputMetadata*) override {
    Presented presented;
    presented.method = Lookup(auth_metadata, ":path");
    presented.authorization = Lookup(auth_metadata, "authorization");
    auto property = [&](const char* name) {
      std::vector<grpc::string_ref> values = context->FindPropertyValues(name);
      return values.empty() ? std::string() : std::string(values[0].data(), values[0].size());
    };
    presented.certificate = property(GRPC_X509_PEM_CERT_PROPERTY_NAME);
    presented.chain = property(GRPC_X509_PEM_CERT_CHAIN_PROPERTY_NAME);
    Caller caller;
    grpc::Status status = check_->Admit(presented, &caller);
    if (!status.ok()) return status;
    if (context->FindPropertyValues(kAgencyProperty).empty()) {
      context->AddProperty(kAgencyProperty, caller.agency);
      context->SetPeerIdentityPropertyName(kAgencyProperty);
    }
    return grpc::Status::OK;
  }

 private:
  std::shared_ptr<CallerCheck> check_;
};

}  // namespace

bool AccessRequested(const AccessFiles& files) {
  return !files.tls_cert.empty() || !files.tls_key.empty() || !files.client_ca.empty() || !files.token_keys.empty() ||
         !files.policy.empty();
}

Result<SecureServer> SecureCredentials(const AccessFiles& files, AuditLog* audit) {
  if (files.tls_cert.empty() || files.tls_key.empty() || files.client_ca.empty() || files.token_keys.empty()) {
    return Status::InvalidArgument("--tls-cert, --tls-key, --client-ca and --token-keys go together (docs/ACCESS.md)");
  }
  // The certificate is asked for but verified by CallerCheck, so that a
  // caller without one, or with another CA's, is refused as a call and
  // logged (access/identity.h).
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  std::string client_ca;
  for (auto [flag, path, out] : {std::tuple<const char*, const std::string*, std::string*>{"--tls-cert", &files.tls_cert, &pair.cert_chain},
                                 {"--tls-key", &files.tls_key, &pair.private_key},
                                 {"--client-ca", &files.client_ca, &client_ca}}) {
    auto read = ReadWholeFile(*path);
    if (!read.ok()) return Status::InvalidArgument(std::string(flag) + ": " + read.status().message());
    if (read->empty()) return Status::InvalidArgument(std::string(flag) + ": " + *path + " is empty");
    *out = std::move(*read);
  }
  ssl.pem_key_cert_pairs.push_back(pair);
  ssl.pem_root_certs = client_ca;  // the CAs the handshake names to the client
  auto verifier = access::CertificateVerifier::FromPem(client_ca);
  if (!verifier.ok()) return Status::InvalidArgument("--client-ca " + files.client_ca + ": " + verifier.status().message());
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
  SecureServer secure;
  secure.check = std::make_shared<CallerCheck>(std::move(*verifier), std::move(*policy), std::move(*keys), audit);
  secure.credentials = grpc::SslServerCredentials(ssl);
  secure.credentials->SetAuthMetadataProcessor(std::make_shared<CheckProcessor>(secure.check));
  admitting_check.store(secure.check.get());
  return secure;
}

bool IsLoopback(const std::string& listen) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

Caller CallerOf(const grpc::ServerContextBase& context, const std::string& default_agency) {
  Caller caller;
  caller.agency = default_agency;
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  auto value = [&](const char* name) {
    std::vector<grpc::string_ref> values = auth ? auth->FindPropertyValues(name) : std::vector<grpc::string_ref>();
    return values.empty() ? std::optional<std::string>() : std::string(values[0].data(), values[0].size());
  };
  if (auto agency = value(kAgencyProperty)) {
    caller.authenticated = true;
    caller.agency = *agency;
    // The call's own token, which CallerCheck verified before admitting it.
    auto authorization = context.client_metadata().find("authorization");
    CallerCheck* check = admitting_check.load();
    if (check != nullptr && authorization != context.client_metadata().end()) {
      const std::optional<std::string> token =
          BearerToken(std::string_view(authorization->second.data(), authorization->second.size()));
      if (auto claims = token ? check->ClaimsOf(*token) : std::nullopt; claims && claims->agency == caller.agency) {
        caller.analyst = claims->analyst;
        caller.role = claims->role;
      }
    }
    return caller;
  }
  auto sealed = context.client_metadata().find(kSealedCallerMetadata);
  if (sealed != context.client_metadata().end()) {
    auto text = access::Unseal(std::string_view(sealed->second.data(), sealed->second.size()));
    if (text.ok()) {
      const size_t first = text->find(' '), second = text->find(' ', first + 1);
      if (first != std::string::npos && second != std::string::npos) {
        caller.authenticated = true;
        caller.agency = text->substr(0, first);
        caller.analyst = text->substr(first + 1, second - first - 1);
        caller.role = access::ParseRole(text->substr(second + 1));
        return caller;
      }
    }
  }
  if (admitting_check.load() != nullptr) return Caller{true, "", "", std::nullopt};
  return caller;
}

std::string SealedCaller(const Caller& caller) {
  // Names hold no spaces (access::CheckIdentityName); metadata holds no newlines.
  return access::Seal(caller.agency + " " + caller.analyst + " " +
                      (caller.role ? std::string(access::RoleName(*caller.role)) : std::string()));
}

std::unique_ptr<CallerSnapshot> SnapshotFor(const grpc::ServerContext& context, const store::Store& store,
                                            const std::string& default_agency) {
  return SnapshotFor(CallerOf(context, default_agency), store);
}

std::unique_ptr<CallerSnapshot> SnapshotFor(const Caller& caller, const store::Store& store) {
  return std::make_unique<CallerSnapshot>(store.Snapshot(), caller.agency, caller.authenticated);
}

CallerCheck::CallerCheck(access::CertificateVerifier verifier, access::Policy policy,
                         std::vector<access::PublicKey> keys, AuditLog* audit)
    : verifier_(std::move(verifier)), policy_(std::move(policy)), keys_(std::move(keys)), audit_(audit) {}

grpc::Status CallerCheck::Admit(const Presented& presented, Caller* caller) {
  *caller = Caller{true, "", "", std::nullopt};
  grpc::Status status = Check(presented, caller);
  if (status.ok() || audit_ == nullptr) return status;
  // A refusal is an entry of the audit log like any call.
  AuditRecord record;
  record.agency = caller->agency;
  record.analyst = caller->analyst;
  record.method = presented.method;
  record.outcome = AuditOutcome(status);
  if (Status s = audit_->Append(record); !s.ok()) {
    std::cerr << "palermod: a refusal could not be written to the audit log: " << s.message() << "\n";
  }
  return status;
}

template <typename Value, typename Fresh, typename Verify>
Result<Value> CallerCheck::Remembered(std::unordered_map<std::string, Value>* cache, const std::string& key,
                                      Fresh fresh, Verify verify) {
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto cached = cache->find(key);
    if (cached != cache->end() && fresh(cached->second)) return cached->second;
  }
  Result<Value> verified = verify();
  if (!verified.ok()) return verified;
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache->size() >= kMaxCached) cache->clear();
  cache->insert_or_assign(key, *verified);
  return verified;
}

grpc::Status CallerCheck::Check(const Presented& presented, Caller* caller) {
  const std::string& method = presented.method;
  if (method.empty()) {
    return Refuse(grpc::StatusCode::INTERNAL, method, "", "the call's method is not known to the access check");
  }
  if (presented.certificate.empty()) {
    return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, "", "a client certificate is needed");
  }
  const auto now = static_cast<int64_t>(std::time(nullptr));
  Result<access::VerifiedAgency> verified = Remembered(
      &verified_certificates_, presented.certificate + presented.chain,
      [now](const access::VerifiedAgency& v) { return v.valid_from <= now && now < v.valid_until; },
      [&] { return verifier_.Verify(presented.certificate, presented.chain, now); });
  if (!verified.ok()) return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, "", verified.status().message());
  caller->agency = verified->agency;
  if (method.rfind(kHealthPrefix, 0) == 0) return grpc::Status::OK;  // is palermod serving: the certificate is enough
  const std::optional<std::string> token = BearerToken(presented.authorization);
  if (!token) {
    return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, caller->agency,
                  "a token is needed (authorization: Bearer TOKEN; palermo --token-file)");
  }
  Result<access::Claims> claims = Remembered(
      &claims_of_token_, *token, [now](const access::Claims& c) { return now < c.expires_at; },
      [&] { return access::VerifyToken(*token, keys_, now); });
  if (!claims.ok()) return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, caller->agency, claims.status().message());
  caller->analyst = claims->analyst;
  const std::string who = caller->agency + "/" + claims->analyst + " (" + std::string(access::RoleName(claims->role)) + ")";
  if (claims->agency != caller->agency) {
    return Refuse(grpc::StatusCode::UNAUTHENTICATED, method, who,
                  "the token names agency " + claims->agency + ", the certificate " + caller->agency);
  }
  if (Status allowed = access::Allow(policy_, caller->agency, claims->analyst, claims->role, method); !allowed.ok()) {
    return Refuse(grpc::StatusCode::PERMISSION_DENIED, method, who, allowed.message());
  }
  caller->role = claims->role;
  return grpc::Status::OK;
}

std::optional<access::Claims> CallerCheck::ClaimsOf(const std::string& token) {
  // Admitted at the call's start: still the call's, even if it expired since.
  auto claims = Remembered(
      &claims_of_token_, token, [](const access::Claims&) { return true; },
      [&] { return access::VerifyToken(token, keys_, static_cast<int64_t>(std::time(nullptr))); });
  if (!claims.ok()) return std::nullopt;
  return *claims;
}

}  // namespace palermo::services
