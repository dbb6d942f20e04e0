// palermod's access control on gRPC (issue #12; docs/ACCESS.md): mutual
// TLS gives the calling agency (its client certificate's URI SAN), a
// signed token in the `authorization` metadata the analyst and role, and
// the roles policy which methods they may call. All of it is checked in
// one place, CallerCheck, a gRPC AuthMetadataProcessor that runs before
// any service method: a call it refuses never reaches a service, and a
// method added later is refused to every role the policy does not give it
// to. The services read the checked caller with CallerOf.
//
// Without TLS palermod is a development service on loopback that does not
// separate agencies (every caller may do everything, as palermod's
// --agency).
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "access/policy.h"
#include "access/token.h"
#include "common/status.h"
#include "services/audit_log.h"
#include "services/record_access.h"
#include "store/store.h"

namespace palermo::services {

// The files palermod's TLS flags name.
struct AccessFiles {
  std::string tls_cert, tls_key, client_ca;  // PEM
  std::string token_keys;                    // access/token.h public key file
  std::string policy;                        // access/policy.h file, or empty: the default
};

// Whether any TLS flag was given (then all of them must be).
bool AccessRequested(const AccessFiles& files);

// Server credentials that require and verify a client certificate of
// `client_ca`, with a CallerCheck of the token keys and policy attached.
// InvalidArgument naming the flag for a file that cannot be read or does
// not parse, or a policy naming methods palermod does not serve.
// `audit` (may be null) takes the refusals; it must outlive the server.
Result<std::shared_ptr<grpc::ServerCredentials>> SecureCredentials(const AccessFiles& files, AuditLog* audit);

// Whether HOST:PORT's host is a loopback address (127.x.y.z, [::1],
// localhost): palermod serves on any other only with TLS.
bool IsLoopback(const std::string& listen);

// The caller of a call, as CallerCheck found it.
struct Caller {
  bool authenticated = false;  // false: a development palermod without TLS
  std::string agency;          // authenticated: the certificate's; otherwise palermod's --agency
  std::string analyst;         // authenticated: the token's; otherwise ""
  std::optional<access::Role> role;
};
Caller CallerOf(const grpc::ServerContextBase& context, const std::string& default_agency);

// A snapshot of `store` as the caller of `context` may see it
// (services/record_access.h): screened for an authenticated caller.
std::unique_ptr<CallerSnapshot> SnapshotFor(const grpc::ServerContext& context, const store::Store& store,
                                            const std::string& default_agency);
// The same for a caller already read from its context.
std::unique_ptr<CallerSnapshot> SnapshotFor(const Caller& caller, const store::Store& store);

// Checks every call (see the top of this file). Refusals are
// UNAUTHENTICATED (certificate, token) or PERMISSION_DENIED (policy), with
// a reason that names no record, and one line on stderr.
class CallerCheck : public grpc::AuthMetadataProcessor {
 public:
  // `audit` (may be null) takes every refusal, before it is sent.
  CallerCheck(access::Policy policy, std::vector<access::PublicKey> keys, AuditLog* audit);
  // Writing a refusal to the audit log waits for the disk: then gRPC runs
  // the check on its own threads.
  bool IsBlocking() const override { return audit_ != nullptr && audit_->syncs_each(); }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context, OutputMetadata* consumed,
                       OutputMetadata* response) override;

 private:
  // The check itself; fills in the agency and analyst as far as it got.
  grpc::Status Check(const InputMetadata& auth_metadata, grpc::AuthContext* context, OutputMetadata* consumed,
                     std::string* agency, std::string* analyst);

  access::Policy policy_;
  std::vector<access::PublicKey> keys_;
  AuditLog* audit_;
  // What was checked before, so that a caller's next calls cost a lookup:
  // a certificate's agency, a token's claims (their expiry is checked on
  // every call). Each is emptied when it holds kMaxCached.
  static constexpr size_t kMaxCached = 10000;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, std::string> agency_of_certificate_;
  std::unordered_map<std::string, access::Claims> claims_of_token_;
};

}  // namespace palermo::services
