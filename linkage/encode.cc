#include "linkage/encode.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "common/diagnostic.h"
#include "common/parallel.h"
#include "format/case_format.h"
#include "linkage/name_keys.h"
#include "linkage/profile.h"
#include "linkage/signatures.h"
#include "model/vocabulary.h"

namespace palermo::linkage {
namespace {

using model::GlobalKey;
using model::IdentifierTypeName;

// A name or address in name keys' general spelling (lower-case ASCII); the
// text lower-cased as it is when it has no letter or digit ICU can read.
std::string Spelling(std::string_view text) {
  auto keys = KeysOf(text);
  if (keys.ok() && !keys->latin.empty()) return keys->latin;
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string JoinSpellings(const google::protobuf::RepeatedPtrField<std::string>& a,
                          const google::protobuf::RepeatedPtrField<std::string>* b = nullptr) {
  std::string out;
  auto add = [&](const std::string& s) {
    std::string spelled = Spelling(s);
    if (spelled.empty()) return;
    if (!out.empty()) out += ' ';
    out += spelled;
  };
  for (const auto& s : a) add(s);
  if (b != nullptr) {
    for (const auto& s : *b) add(s);
  }
  return out;
}

// YYYYMMDD, YYYYMM or YYYY for a date of one day, month or year (with or
// without a time); "" for an interval.
std::string BirthDateValue(const std::string& iso) {
  if (iso.find('/') != std::string::npos) return "";
  std::string date = iso.substr(0, std::min<size_t>(iso.size(), 10));
  std::string digits;
  for (char c : date) {
    if (c != '-') digits += c;
  }
  return digits;
}

// An identifier as the CLK encodes it: its type and its comparable value
// (ComparableIdentifier, phones without a country in their holder's), or
// the value as written when it does not read.
std::string IdentifierText(const v1::Identifier& id, std::string_view holder_region) {
  std::string value = ComparableIdentifier(id, holder_region);
  if (value.empty()) value = id.value();
  return std::string(IdentifierTypeName(id.type())) + ":" + value;
}

// Calls `fn(path, value)` for every string field (repeated ones included)
// of `message` and the messages inside it.
template <typename Fn>
void ForEachString(const google::protobuf::Message& message, const std::string& prefix, const Fn& fn) {
  using google::protobuf::FieldDescriptor;
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_map()) continue;  // extras: JSON text, not references
    std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          fn(path, reflection->GetRepeatedString(message, field, i));
        }
      } else {
        fn(path, reflection->GetString(message, field));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          ForEachString(reflection->GetRepeatedMessage(message, field, i), path, fn);
        }
      } else {
        ForEachString(reflection->GetMessage(message, field), path, fn);
      }
    }
  }
}

// The case-format name of a field path of the messages ("event.subjects" ->
// "subjects"): the last part, as the format writes fields flat.
std::string FormatField(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

struct PersonCounts {
  int64_t persons = 0;
  int64_t birth_dates_left_out = 0;
  int64_t signatures = 0;
};

// Replaces a person's identifying fields by its CLK and, when
// `signature_key` is given, its blocking signatures (in place).
Status EncodePerson(const ClkSchema& schema, std::string_view secret, const std::vector<uint8_t>* signature_key,
                    const std::vector<const v1::Identifier*>& identifiers, int64_t line, ProfileReader* reader,
                    v1::Record* r, PersonCounts* counts) {
  bool left_out = false;
  auto values = PersonClkValues(schema, r->person(), identifiers, &left_out);
  if (!values.ok()) return values.status();
  auto clk = EncodeClk(schema, *values, secret);
  if (!clk.ok()) {
    return Status::InvalidArgument("line " + std::to_string(line) + ": " + clk.status().message(),
                                   {{line, "clk", clk.status().message()}});
  }
  if (left_out) ++counts->birth_dates_left_out;
  SignatureSet signatures;
  if (signature_key != nullptr) {
    Profile clear;
    if (Status s = reader->Read(*r, &clear); !s.ok()) return s;
    for (const v1::Identifier* id : identifiers) reader->AddIdentifier(*id, &clear);
    signatures = BlockingSignatures(clear, *signature_key);
    for (const auto& [rule, of_rule] : signatures) counts->signatures += static_cast<int64_t>(of_rule.size());
  }
  v1::Person* p = r->mutable_person();
  p->clear_names();
  p->add_names(kEncodedName);
  p->clear_given_names();
  p->clear_family_names();
  p->clear_father_names();
  p->clear_birth_date();
  p->clear_addresses();
  p->clear_postcode();
  (*r->mutable_extra())["clk"] = "\"" + ClkToBase64(*clk) + "\"";
  if (signature_key != nullptr) (*r->mutable_extra())[kSignaturesField] = SignaturesJson(signatures);
  ++counts->persons;
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("secret file " + path + ": cannot be read");
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError("secret file " + path + ": read error");
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  if (secret.size() < kMinSecretBytes) {
    return Status::InvalidArgument("secret file " + path + ": the secret is " + std::to_string(secret.size()) +
                                   " bytes, at least " + std::to_string(kMinSecretBytes) + " are needed");
  }
  return secret;
}

Result<std::vector<std::string>> PersonClkValues(const ClkSchema& schema, const v1::Person& person,
                                                 const std::vector<const v1::Identifier*>& identifiers,
                                                 bool* birth_date_left_out) {
  std::vector<std::string> values;
  values.reserve(schema.fields.size());
  if (birth_date_left_out != nullptr) *birth_date_left_out = false;
  for (const ClkField& field : schema.fields) {
    const std::string& name = field.identifier;
    if (field.ignored) {
      values.emplace_back();
    } else if (name == "given_name") {
      values.push_back(JoinSpellings(person.given_names()));
    } else if (name == "family_name") {
      values.push_back(JoinSpellings(person.family_names(), &person.father_names()));
    } else if (name == "full_name") {
      values.push_back(JoinSpellings(person.names()));
    } else if (name == "birth_date") {
      values.push_back(BirthDateValue(person.birth_date().iso()));
      if (birth_date_left_out != nullptr && values.back().empty() && !person.birth_date().iso().empty()) {
        *birth_date_left_out = true;
      }
    } else if (name == "postcode") {
      std::string postcode;
      for (char c : person.postcode()) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
          postcode += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
      }
      values.push_back(std::move(postcode));
    } else if (name == "address") {
      values.push_back(JoinSpellings(person.addresses()));
    } else if (name == "identifiers") {
      std::vector<std::string> keys;
      for (const v1::Identifier* id : identifiers) keys.push_back(IdentifierText(*id, HolderRegion(person)));
      std::sort(keys.begin(), keys.end());
      std::string joined;
      for (const auto& k : keys) joined += (joined.empty() ? "" : " ") + k;
      values.push_back(std::move(joined));
    } else {
      return Status::InvalidArgument("schema feature `" + name +
                                     "` is none Palermo fills (given_name, family_name, full_name, birth_date, "
                                     "postcode, address, identifiers; or ignored)");
    }
  }
  return values;
}

Status EncodeCaseFile(std::istream& in, std::ostream& out, const ClkSchema& schema, std::string_view secret,
                      const EncodeOptions& options, EncodeSummary* summary) {
  if (secret.size() < kMinSecretBytes) {
    return Status::InvalidArgument("the secret is " + std::to_string(secret.size()) + " bytes, at least " +
                                   std::to_string(kMinSecretBytes) + " are needed");
  }
  {
    // Fail on the schema before reading the file.
    v1::Person none;
    auto values = PersonClkValues(schema, none, {});
    if (!values.ok()) return values.status();
  }
  EncodeSummary local;
  EncodeSummary& sum = summary != nullptr ? *summary : local;
  sum = EncodeSummary{};

  struct Line {
    int64_t number;
    v1::Record record;
  };
  std::vector<Line> lines;
  DiagnosticList errors, warnings;
  std::string text;
  int64_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    v1::Record record;
    if (format::ParseCaseLine(text, number, options.default_agency, &record, &errors, &warnings) ==
        format::LineOutcome::kRecord) {
      lines.push_back({number, std::move(record)});
    }
  }
  if (in.bad()) return Status::IoError("reading the case file failed after line " + std::to_string(number));
  sum.lines = number;

  // Persons of the file by global key; the identifiers each holds.
  std::map<std::string, size_t> persons;
  std::set<std::string> others;  // keys of every other record of the file
  for (size_t i = 0; i < lines.size(); ++i) {
    const v1::Record& r = lines[i].record;
    std::string key = GlobalKey(r.agency(), r.id());
    if (r.kind() == v1::KIND_PERSON) {
      persons[key] = i;
    } else {
      others.insert(key);
    }
  }
  std::map<std::string, std::vector<const v1::Identifier*>> held;
  std::set<std::string> dropped;
  for (const Line& line : lines) {
    const v1::Record& r = line.record;
    if (r.kind() == v1::KIND_PERSON && (r.extra().count("clk") > 0 || r.extra().count(kSignaturesField) > 0)) {
      errors.Add({line.number, "clk", "the person already has a `clk`: is the file encoded already?"});
    }
    if (r.kind() != v1::KIND_IDENTIFIER || r.identifier().holder().empty()) continue;
    const std::string& holder = r.identifier().holder();
    if (persons.count(holder) > 0) {
      held[holder].push_back(&r.identifier());
      dropped.insert(GlobalKey(r.agency(), r.id()));
    } else if (others.count(holder) == 0) {
      errors.Add({line.number, "holder",
                  "the holder is not a record of this file, so its identifier cannot go into its clk; encode the "
                  "identifier with its holder's file"});
    }
  }
  for (const Line& line : lines) {
    if (dropped.count(GlobalKey(line.record.agency(), line.record.id())) > 0) continue;
    ForEachString(line.record, "", [&](const std::string& path, const std::string& value) {
      if (path == "id" || path == "agency") return;
      if (dropped.count(value) > 0) {
        errors.Add({line.number, FormatField(path),
                    "refers to an identifier whose value goes into its holder's clk and which is left out"});
      }
    });
  }
  if (!errors.empty()) {
    std::vector<Diagnostic> sorted = errors.Sorted();
    std::string message = "the case file was not encoded: " + std::to_string(errors.total()) + " error(s)\n" +
                          JoinDiagnostics(sorted);
    return Status::InvalidArgument(std::move(message), std::move(sorted));
  }

  std::vector<uint8_t> signature_key;
  if (options.signatures) {
    auto key = SignatureKey(secret);
    if (!key.ok()) return key.status();
    signature_key = std::move(*key);
  }
  // Persons are encoded on the threads (each with its own name reader),
  // in place; the first error by line wins, as a single thread's would.
  std::vector<size_t> persons_at;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].record.kind() == v1::KIND_PERSON) persons_at.push_back(i);
  }
  const int threads = std::max(1, options.threads);
  std::vector<PersonCounts> counts(static_cast<size_t>(threads));
  std::vector<Status> failures(static_cast<size_t>(threads));
  std::vector<int64_t> failed_at(static_cast<size_t>(threads), INT64_MAX);
  std::atomic<size_t> next_range{0};
  ParallelRanges(persons_at.size(), threads, [&](size_t first, size_t end) {
    const size_t t = next_range++;
    ProfileReader reader;
    for (size_t i = first; i < end; ++i) {
      Line& line = lines[persons_at[i]];
      auto it = held.find(GlobalKey(line.record.agency(), line.record.id()));
      static const std::vector<const v1::Identifier*> kNone;
      Status s = EncodePerson(schema, secret, options.signatures ? &signature_key : nullptr,
                              it == held.end() ? kNone : it->second, line.number, &reader, &line.record, &counts[t]);
      if (!s.ok()) {
        failures[t] = std::move(s);
        failed_at[t] = line.number;
        return;
      }
    }
  });
  const size_t first_failure = std::min_element(failed_at.begin(), failed_at.end()) - failed_at.begin();
  if (failed_at[first_failure] != INT64_MAX) return failures[first_failure];
  for (const PersonCounts& c : counts) {
    sum.persons_encoded += c.persons;
    sum.birth_dates_left_out += c.birth_dates_left_out;
    sum.signatures += c.signatures;
  }

  std::string output;
  for (const Line& line : lines) {
    if (dropped.count(GlobalKey(line.record.agency(), line.record.id())) > 0) {
      ++sum.identifiers_folded;
      continue;
    }
    format::AppendCaseLine(line.record, &output);
    output += '\n';
    ++sum.records_written;
  }
  out << output;
  if (!out) return Status::IoError("writing the encoded file failed");
  return Status::Ok();
}

}  // namespace palermo::linkage
