// What every command of the palermo client shares: the global flags, the
// connection to palermod, argument parsing, failing with a message, and
// JSON text for --json output. Each command lives in its own file
// (cli/palermo.cc holds the record and findings commands and main).
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace palermo::cli {

inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

struct Global {
  std::string server = kDefaultServer;
  bool json = false;
  // Mutual TLS and the analyst's token (docs/ACCESS.md), read from the
  // files of --ca, --cert, --key and --token-file; all empty: a plain
  // connection to a development palermod.
  std::string ca_pem, cert_pem, key_pem, token;
};

// Reads the files the global flags name into `global`; false (with a
// message on stderr) when one cannot be read or they do not go together.
bool LoadCredentials(const std::string& ca_file, const std::string& cert_file, const std::string& key_file,
                     const std::string& token_file, Global* global);

// Reports a usage error on stderr; returns the exit status (2).
int Usage(const std::string& message);
// Reports a failed call on stderr; returns the exit status (1).
int Fail(const Global& global, const grpc::Status& status);
std::shared_ptr<grpc::Channel> Connect(const Global& global);
std::unique_ptr<grpc::ClientContext> NewContext(int timeout_s = 60);

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> options;  // --name -> values
  bool has(const std::string& name) const { return options.count(name) > 0; }
  std::string one(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
  }
};

// Splits a command's arguments by a table of its options (name -> takes a value).
bool ParseArgs(const std::vector<std::string>& raw, const std::map<std::string, bool>& known, Args* args,
               std::string* error);
// A whole number from 1 to 1000000.
bool ParseCount(const std::string& text, const char* what, uint32_t* out, std::string* error);

// `text` as a JSON string literal.
std::string Quoted(std::string_view text);
// `value` through a printf format ("%.3f"): numbers in text and JSON output.
std::string Number(double value, const char* format);

template <typename Items, typename Fn>
std::string JsonList(const Items& items, Fn fn) {
  std::string out = "[";
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += ",";
    first = false;
    out += fn(item);
  }
  return out + "]";
}

template <typename List>
std::string QuotedList(const List& list) {
  return JsonList(list, [](const std::string& item) { return Quoted(item); });
}

}  // namespace palermo::cli
