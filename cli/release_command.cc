#include "cli/release_command.h"

#include <iostream>

#include "palermo/v1/graph.grpc.pb.h"

namespace palermo::cli {

namespace v1 = palermo::v1;

const char kReleaseHelp[] =
    "usage: palermo release KEY --to AGENCY\n"
    "\n"
    "The owner of a record lets another agency read it: AGENCY is added to the record's\n"
    "handling.releasable_to (a record that only inherits its source's handling takes it as\n"
    "its own first). Written as an import of that one record, so findings, candidates and\n"
    "analyses show it to AGENCY at once. Only the owning agency may release its records;\n"
    "a record without handling is readable by every agency already (nothing is written).\n"
    "--json prints {\"key\": ..., \"releasable_to\": [...], \"written\": ..., \"import_number\": N}.\n";

int Release(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {{"--to", true}}, &args, &error)) return Usage(error);
  if (args.positional.size() != 1) return Usage("release needs one KEY");
  if (!args.has("--to")) return Usage("release needs --to AGENCY");
  auto stub = v1::GraphService::NewStub(Connect(global));
  v1::ReleaseRequest request;
  request.set_key(args.positional[0]);
  request.set_to(args.one("--to"));
  v1::ReleaseResponse response;
  grpc::Status status = stub->Release(NewContext().get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"key\":" << Quoted(response.key()) << ",\"releasable_to\":" << QuotedList(response.releasable_to())
              << ",\"written\":" << (response.written() ? "true" : "false")
              << ",\"import_number\":" << response.import_number() << "}" << std::endl;
  } else if (!response.written()) {
    std::cout << response.key() << ": " << args.one("--to") << " may read it already" << std::endl;
  } else {
    std::string agencies;
    for (const std::string& agency : response.releasable_to()) agencies += (agencies.empty() ? "" : ", ") + agency;
    std::cout << response.key() << " released to " << args.one("--to") << " (import " << response.import_number()
              << "); releasable to " << agencies << std::endl;
  }
  return 0;
}

}  // namespace palermo::cli
