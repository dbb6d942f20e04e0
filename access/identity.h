// The calling agency (issue #12, "Identity"): read from the client
// certificate that mutual TLS verified, never from a request field. An
// agency's certificate carries, as a subject alternative name, the URI
//   palermo:agency:NAME
// (NAME as CheckIdentityName allows). docs/ACCESS.md shows the openssl
// commands that make a development CA, a server certificate and agency
// certificates.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace palermo::access {

inline constexpr char kAgencyUriPrefix[] = "palermo:agency:";

// The agency of a PEM certificate: its one URI SAN that starts with
// kAgencyUriPrefix. InvalidArgument when the text is not a PEM
// certificate, when no such URI is there or more than one, or when the
// name is not valid.
Result<std::string> AgencyOfCertificate(std::string_view pem);

}  // namespace palermo::access
