#include "cli/linkage_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/files.h"
#include "linkage/clk.h"
#include "linkage/encode.h"
#include "palermo/v1/linkage_service.grpc.pb.h"

namespace palermo::cli {

namespace v1 = palermo::v1;

const char kLinkageHelp[] =
    "usage: palermo linkage candidates [--agency A [--agency B]] [--subject KEY] [--min-probability P]\n"
    "                                  [--limit N] [--json]\n"
    "       palermo linkage decide KEY_A KEY_B --same|--different [--note TEXT] [--analyst NAME]\n"
    "       palermo linkage decisions [--subject KEY] [--json]\n"
    "       palermo linkage compare KEY_A KEY_B [--json]\n"
    "       palermo linkage model [--json]\n"
    "       palermo linkage encode --secret-file F [--schema S] [--agency A] [--no-signatures] FILE\n"
    "                              > encoded.jsonl\n"
    "\n"
    "candidates: pairs of person records that may be the same person, most probable first,\n"
    "each with its probability and its reasons from the prior on (docs/LINKAGE.md). With two\n"
    "--agency, pairs between those agencies; with one, pairs with a record of it; --subject,\n"
    "the pairs of one record. --min-probability (default 0.5; stored down to 0.01), --limit\n"
    "(default 10000). Another agency's identifier values are masked in the reasons.\n"
    "--json prints {\"candidates\": [{\"a\": KEY, \"b\": KEY, \"probability\": P, \"weight\": W,\n"
    "\"reasons\": [...]}], \"truncated\": false}.\n"
    "\n"
    "decide: --same writes a same_as relation (the reasoner then treats the two records as one\n"
    "person); --different a different_from relation (the pair is not proposed again). The\n"
    "relation's source names the deciding agency and analyst (--analyst, default $USER); a\n"
    "later decision on the same pair replaces the earlier one, so --different after --same\n"
    "undoes the join and the findings that rested on it.\n"
    "\n"
    "decisions: every decision (same_as and different_from relations), or one record's.\n"
    "compare: any two person records scored as candidates are, whether or not they were\n"
    "proposed: the probability and reasons, the blocking rules under which both have a key\n"
    "(and why each proposes the pair or not), and what became of the pair (proposed, never\n"
    "compared, below the stored 0.01, decided). --json prints {\"candidate\": {...},\n"
    "\"outcome\": TEXT, \"stored\": B, \"shared_blocks\": [...], \"decision\": {...}|null}.\n"
    "model: the parameters candidates were scored with (m and u per level, the prior).\n"
    "\n"
    "encode: runs here, sends nothing. Writes FILE with every person's names, birth date,\n"
    "address, postcode and identifier values replaced by one `clk` field, a Bloom-filter\n"
    "encoding (clkhash schema v3) keyed with the secret the agencies of one linkage project\n"
    "share (--secret-file, at least 16 bytes; rotate it per project). --schema reads a clkhash\n"
    "v3 schema (default: Palermo's person schema). Each person also gets `clk_blocks`, keyed\n"
    "signatures of its blocking keys, on which the service blocks encoded records as clear\n"
    "ones; --no-signatures leaves them out (partners encoding with clkhash make none: then\n"
    "every agency must leave them out). The output imports as any case file.\n";

namespace {

std::string VerdictName(v1::LinkageVerdict verdict) {
  return verdict == v1::LINKAGE_VERDICT_SAME ? "same" : verdict == v1::LINKAGE_VERDICT_DIFFERENT ? "different" : "?";
}

std::string DecisionJson(const v1::LinkageDecision& d) {
  return "{\"a\":" + Quoted(d.a()) + ",\"b\":" + Quoted(d.b()) + ",\"verdict\":" + Quoted(VerdictName(d.verdict())) +
         ",\"agency\":" + Quoted(d.agency()) + ",\"analyst\":" + Quoted(d.analyst()) + ",\"note\":" + Quoted(d.note()) +
         ",\"decided_at\":" + Quoted(d.decided_at()) + ",\"relation\":" + Quoted(d.relation()) + "}";
}

std::string CandidateJson(const v1::Candidate& c) {
  return "{\"a\":" + Quoted(c.a()) + ",\"b\":" + Quoted(c.b()) + ",\"probability\":" + Number(c.probability(), "%.6g") +
         ",\"weight\":" + Number(c.weight(), "%.4g") + ",\"reasons\":" + QuotedList(c.reasons()) +
         ",\"rules\":" + QuotedList(c.rules()) + "}";
}

void PrintCandidate(const v1::Candidate& c) {
  std::cout << Number(c.probability(), "%.3f") << "  " << c.a() << "  ~  " << c.b() << "  (weight "
            << Number(c.weight(), "%+.1f") << ")\n";
  for (const std::string& reason : c.reasons()) std::cout << "       " << reason << "\n";
}

int Candidates(const Global& global, const Args& args) {
  v1::FindCandidatesRequest request;
  for (const std::string& agency : args.options.count("--agency") ? args.options.at("--agency")
                                                                   : std::vector<std::string>{}) {
    request.add_agencies(agency);
  }
  request.set_subject(args.one("--subject"));
  if (args.has("--min-probability")) {
    const std::string text = args.one("--min-probability");
    char* end = nullptr;
    const double p = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(p >= 0 && p <= 1)) {
      return Usage("--min-probability must be a number from 0 to 1, not \"" + text + "\"");
    }
    request.set_min_probability(p);
  }
  if (args.has("--limit")) {
    uint32_t limit = 0;
    std::string error;
    if (!ParseCount(args.one("--limit"), "--limit", &limit, &error)) return Usage(error);
    request.set_max_results(limit);
  }
  auto stub = v1::LinkageService::NewStub(Connect(global));
  v1::FindCandidatesResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->FindCandidates(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"candidates\":" << JsonList(response.candidates(), CandidateJson)
              << ",\"truncated\":" << (response.truncated() ? "true" : "false") << "}\n";
    return 0;
  }
  if (response.candidates().empty()) {
    std::cout << "no candidates" << (request.has_min_probability() ? "" : " at probability 0.5 or more") << "\n";
    return 0;
  }
  for (const v1::Candidate& c : response.candidates()) PrintCandidate(c);
  if (response.truncated()) std::cout << "(more candidates left out: raise --limit)\n";
  return 0;
}

int Compare(const Global& global, const Args& args) {
  if (args.positional.size() != 2) return Usage("linkage compare needs KEY_A KEY_B");
  v1::ComparePairRequest request;
  request.set_a(args.positional[0]);
  request.set_b(args.positional[1]);
  auto stub = v1::LinkageService::NewStub(Connect(global));
  v1::ComparePairResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->ComparePair(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"candidate\":" << CandidateJson(response.candidate()) << ",\"outcome\":" << Quoted(response.outcome())
              << ",\"stored\":" << (response.stored() ? "true" : "false") << ",\"shared_blocks\":"
              << JsonList(response.shared_blocks(), [](const v1::LinkageSharedBlock& b) {
                   return "{\"rule\":" + Quoted(b.rule()) + ",\"keys\":" + std::to_string(b.keys()) +
                          ",\"block_size\":" + std::to_string(b.block_size()) +
                          ",\"max_block_side\":" + std::to_string(b.max_block_side()) +
                          ",\"proposes\":" + (b.proposes() ? "true" : "false") + ",\"why_not\":" + Quoted(b.why_not()) +
                          "}";
                 })
              << ",\"decision\":" << (response.has_decision() ? DecisionJson(response.decision()) : "null") << "}\n";
    return 0;
  }
  std::cout << response.outcome() << "\n";
  PrintCandidate(response.candidate());
  if (response.shared_blocks().empty()) {
    std::cout << "blocking: no key in common\n";
    return 0;
  }
  std::cout << "blocking (rules under which both have a key):\n";
  for (const v1::LinkageSharedBlock& b : response.shared_blocks()) {
    std::cout << "  " << b.rule() << ": " << b.keys() << (b.keys() == 1 ? " key" : " keys") << ", block of "
              << (b.block_size() > b.max_block_side() ? "over " + std::to_string(b.max_block_side())
                                                      : std::to_string(b.block_size()))
              << " persons: " << (b.proposes() ? "proposes the pair" : b.why_not()) << "\n";
  }
  return 0;
}

int Decide(const Global& global, const Args& args) {
  if (args.positional.size() != 2) return Usage("linkage decide needs KEY_A KEY_B");
  if (args.has("--same") == args.has("--different")) return Usage("linkage decide needs --same or --different");
  v1::DecideRequest request;
  request.set_a(args.positional[0]);
  request.set_b(args.positional[1]);
  request.set_verdict(args.has("--same") ? v1::LINKAGE_VERDICT_SAME : v1::LINKAGE_VERDICT_DIFFERENT);
  request.set_note(args.one("--note"));
  const char* user = std::getenv("USER");
  request.set_analyst(args.one("--analyst", user != nullptr && *user != '\0' ? user : "unknown"));
  auto stub = v1::LinkageService::NewStub(Connect(global));
  v1::DecideResponse response;
  auto context = NewContext();
  grpc::Status status = stub->Decide(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  const v1::LinkageDecision& d = response.decision();
  if (global.json) {
    std::cout << "{\"decision\":" << DecisionJson(d) << ",\"import_number\":" << response.import_number() << "}\n";
    return 0;
  }
  std::cout << "decided: " << d.a() << (d.verdict() == v1::LINKAGE_VERDICT_SAME ? " is the same person as "
                                                                                 : " is not the same person as ")
            << d.b() << "\n  by " << d.analyst() << " of " << d.agency() << ", relation " << d.relation()
            << " (import " << response.import_number() << ")\n";
  return 0;
}

int Decisions(const Global& global, const Args& args) {
  v1::ListDecisionsRequest request;
  request.set_subject(args.one("--subject"));
  auto stub = v1::LinkageService::NewStub(Connect(global));
  v1::ListDecisionsResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->ListDecisions(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"decisions\":" << JsonList(response.decisions(), DecisionJson) << "}\n";
    return 0;
  }
  if (response.decisions().empty()) std::cout << "no decisions\n";
  for (const v1::LinkageDecision& d : response.decisions()) {
    std::cout << VerdictName(d.verdict()) << "  " << d.a() << "  " << d.b() << "  by "
              << (d.analyst().empty() ? "an analyst not named" : d.analyst()) << " of " << d.agency();
    if (!d.decided_at().empty()) std::cout << " at " << d.decided_at();
    std::cout << "  [" << d.relation() << "]";
    if (!d.note().empty()) std::cout << "\n      " << d.note();
    std::cout << "\n";
  }
  return 0;
}

int ModelCommand(const Global& global) {
  auto stub = v1::LinkageService::NewStub(Connect(global));
  v1::LinkageModel model;
  auto context = NewContext(600);
  grpc::Status status = stub->GetLinkageModel(context.get(), v1::GetLinkageModelRequest(), &model);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"lambda\":" << Number(model.lambda(), "%.6g") << ",\"lambda_from\":" << Quoted(model.lambda_from())
              << ",\"lambda_within\":" << Number(model.lambda_within(), "%.6g")
              << ",\"lambda_within_from\":" << Quoted(model.lambda_within_from())
              << ",\"persons\":" << model.persons() << ",\"comparisons\":"
              << JsonList(model.comparisons(), [](const v1::LinkageComparisonParameters& c) {
                   std::string levels = "[";
                   for (int i = 0; i < c.parameters_size() && i < c.levels_size(); ++i) {
                     levels += std::string(i ? "," : "") + "{\"level\":" + Quoted(c.levels(i)) +
                               ",\"m\":" + Number(c.parameters(i).m(), "%.6g") +
                               ",\"u\":" + Number(c.parameters(i).u(), "%.6g") + "}";
                   }
                   return "{\"comparison\":" + Quoted(c.comparison()) + ",\"levels\":" + levels + "]}";
                 })
              << ",\"training_notes\":" << QuotedList(model.training_notes()) << "}\n";
    return 0;
  }
  std::cout << "prior between agencies: lambda " << Number(model.lambda(), "%.3g") << " (" << model.lambda_from()
            << ")\nprior within an agency: lambda " << Number(model.lambda_within(), "%.3g") << " ("
            << model.lambda_within_from() << ")\ntrained on " << model.persons() << " persons" << (model.term_frequencies() ? ", term frequencies for full names" : "")
            << "\n";
  for (const auto& c : model.comparisons()) {
    std::cout << c.comparison() << ":\n";
    for (int i = 0; i < c.parameters_size() && i < c.levels_size(); ++i) {
      const double m = c.parameters(i).m(), u = c.parameters(i).u();
      std::cout << "  " << c.levels(i) << ": m " << Number(m, "%.4g") << ", u " << Number(u, "%.4g") << ", weight "
                << Number(std::log2(m / u), "%+.1f") << "\n";
    }
  }
  for (const std::string& note : model.training_notes()) std::cout << "  (" << note << ")\n";
  return 0;
}

int Encode(const Args& args) {
  if (args.positional.size() != 1) return Usage("linkage encode needs one FILE ('-' for standard input)");
  if (!args.has("--secret-file")) return Usage("linkage encode needs --secret-file F");
  Result<std::string> secret = linkage::ReadSecretFile(args.one("--secret-file"));
  if (!secret.ok()) {
    std::cerr << "palermo: --secret-file: " << secret.status().message() << "\n";
    return 1;
  }
  linkage::ClkSchema schema = linkage::DefaultPersonSchema();
  if (args.has("--schema")) {
    Result<std::string> text = ReadWholeFile(args.one("--schema"));
    if (!text.ok()) {
      std::cerr << "palermo: --schema: " << text.status().message() << "\n";
      return 1;
    }
    Result<linkage::ClkSchema> parsed = linkage::ParseSchemaV3(*text);
    if (!parsed.ok()) {
      std::cerr << "palermo: --schema " << args.one("--schema") << ": " << parsed.status().message() << "\n";
      return 1;
    }
    schema = std::move(*parsed);
  }
  const std::string path = args.positional[0];
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "palermo: cannot read " << path << "\n";
      return 1;
    }
    in = &file;
  }
  linkage::EncodeOptions options;
  options.default_agency = args.one("--agency");
  options.signatures = !args.has("--no-signatures");
  linkage::EncodeSummary summary;
  std::ostringstream out;
  Status s = linkage::EncodeCaseFile(*in, out, schema, *secret, options, &summary);
  if (!s.ok()) {
    std::cerr << "palermo: " << path << ": " << s.message() << "\n";
    for (const auto& d : s.diagnostics()) std::cerr << path << ":" << d.ToString() << "\n";
    return 1;
  }
  std::cout << out.str();
  std::cerr << "palermo: encoded " << summary.persons_encoded << " persons (" << summary.identifiers_folded
            << " identifiers folded into their encodings, " << summary.signatures << " blocking signatures) of "
            << summary.records_written << " records\n";
  return 0;
}

}  // namespace

int Linkage(const Global& global, const std::vector<std::string>& raw) {
  if (raw.empty()) return Usage("linkage needs a subcommand: candidates, decide, decisions, compare, model or encode");
  const std::string sub = raw[0];
  const std::vector<std::string> rest(raw.begin() + 1, raw.end());
  Args args;
  std::string error;
  static const std::map<std::string, std::map<std::string, bool>> kOptions = {
      {"candidates", {{"--agency", true}, {"--subject", true}, {"--min-probability", true}, {"--limit", true}}},
      {"decide", {{"--same", false}, {"--different", false}, {"--note", true}, {"--analyst", true}}},
      {"decisions", {{"--subject", true}}},
      {"compare", {}},
      {"model", {}},
      {"encode", {{"--secret-file", true}, {"--schema", true}, {"--agency", true}, {"--no-signatures", false}}},
  };
  auto known = kOptions.find(sub);
  if (known == kOptions.end()) return Usage("unknown linkage subcommand \"" + sub + "\"");
  if (!ParseArgs(rest, known->second, &args, &error)) return Usage(error);
  if (sub == "candidates") {
    if (!args.positional.empty()) return Usage("linkage candidates takes no positional arguments");
    if (args.options.count("--agency") && args.options.at("--agency").size() > 2) {
      return Usage("linkage candidates takes at most two --agency");
    }
    return Candidates(global, args);
  }
  if (sub == "decide") return Decide(global, args);
  if (sub == "decisions") return Decisions(global, args);
  if (sub == "compare") return Compare(global, args);
  if (sub == "model") return ModelCommand(global);
  return Encode(args);
}

}  // namespace palermo::cli
