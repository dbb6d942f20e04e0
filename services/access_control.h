// palermod's access control on gRPC (issue #12; docs/ACCESS.md): mutual
// TLS gives the calling agency (its client certificate's URI SAN), a
// signed token in the `authorization` metadata the analyst and role, and
// the roles policy which methods they may call. All of it is checked in
// one place, CallerCheck, which a gRPC AuthMetadataProcessor runs before
// any service method (and the web page before each call it makes for its
// caller): a call it refuses never reaches a service, and a method added
// later is refused to every role the policy does not give it to. The
// services read the checked caller with CallerOf.
//
// Without TLS palermod is a development service on loopback that does not
// separate agencies (every caller may do everything, as palermod's
// --agency).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "access/identity.h"
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

// What a call presents to the access check.
struct Presented {
  std::string method;         // "/package.Service/Method"
  std::string certificate;    // the client's PEM certificate; empty: none
  std::string chain;          // the PEM certificates it sent (may hold the leaf too); may be empty
  std::string authorization;  // its `authorization` metadata ("Bearer TOKEN"), or empty
};

class CallerCheck;

// palermod's TLS: server credentials that ask for a client certificate
// (the check verifies it, access/identity.h), and the check attached.
struct SecureServer {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::shared_ptr<CallerCheck> check;  // also for the web page (services/web.h)
};

// InvalidArgument naming the flag for a file that cannot be read or does
// not parse, or a policy naming methods palermod does not serve. `audit`
// (may be null) takes the refusals; it must outlive the server. From here
// on, CallerOf never answers "development caller" in this process.
Result<SecureServer> SecureCredentials(const AccessFiles& files, AuditLog* audit);

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
// The caller of a call: the one CallerCheck admitted; for a call over the
// in-process channel, the one its kSealedCallerMetadata names
// (SealedCaller); otherwise, on a development palermod, `default_agency`
// unauthenticated, and on a palermod with TLS an authenticated caller of
// no agency (it sees only records without handling; no such call is made).
Caller CallerOf(const grpc::ServerContextBase& context, const std::string& default_agency);

// The metadata by which the web page hands a caller it checked to the
// services over the in-process channel, and its value (access/seal.h).
inline constexpr char kSealedCallerMetadata[] = "palermo-sealed-caller";
std::string SealedCaller(const Caller& caller);

// A snapshot of `store` as the caller of `context` may see it
// (services/record_access.h): screened for an authenticated caller.
std::unique_ptr<CallerSnapshot> SnapshotFor(const grpc::ServerContext& context, const store::Store& store,
                                            const std::string& default_agency);
// The same for a caller already read from its context.
std::unique_ptr<CallerSnapshot> SnapshotFor(const Caller& caller, const store::Store& store);

// Checks every call (see the top of this file): the certificate against
// the agencies' CA, the token's signature, expiry and agency against the
// certificate's, the role against the policy. Refusals are UNAUTHENTICATED
// (certificate, token) or PERMISSION_DENIED (policy), with a reason that
// names no record, one line on stderr and an entry in the audit log.
class CallerCheck {
 public:
  CallerCheck(access::CertificateVerifier verifier, access::Policy policy, std::vector<access::PublicKey> keys,
              AuditLog* audit);

  // The caller of a call that presents `presented`, or its refusal. A
  // health check (grpc.health.v1.Health) needs the certificate only.
  grpc::Status Admit(const Presented& presented, Caller* caller);

  // Whether Admit may wait for the disk (a refusal written to a log that
  // is synced before each reply).
  bool blocking() const { return audit_ != nullptr && audit_->syncs_each(); }

  // The claims of a token Admit has verified (for CallerOf: a call's
  // analyst and role are its own token's), or nothing for a token that
  // does not verify.
  std::optional<access::Claims> ClaimsOf(const std::string& token);

 private:
  grpc::Status Check(const Presented& presented, Caller* caller);
  // What `cache` holds for `key` while fresh(it), else verify()'s outcome,
  // remembered when it verifies (the cache emptied when it holds
  // kMaxCached): a certificate's verification, a token's claims.
  template <typename Value, typename Fresh, typename Verify>
  Result<Value> Remembered(std::unordered_map<std::string, Value>* cache, const std::string& key, Fresh fresh,
                           Verify verify);

  access::CertificateVerifier verifier_;
  access::Policy policy_;
  std::vector<access::PublicKey> keys_;
  AuditLog* audit_;
  // What was checked before, so that a caller's next calls cost a lookup:
  // a certificate's verification, a token's claims (the end of either is
  // checked on every call). Each is emptied when it holds kMaxCached.
  static constexpr size_t kMaxCached = 10000;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, access::VerifiedAgency> verified_certificates_;
  std::unordered_map<std::string, access::Claims> claims_of_token_;
};

}  // namespace palermo::services
