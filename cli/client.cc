#include "cli/client.h"

#include <chrono>
#include <cstdio>
#include <cctype>
#include <iostream>

#include "common/files.h"
#include "format/json.h"

namespace palermo::cli {

int Usage(const std::string& message) {
  std::cerr << "palermo: " << message << "\n(run 'palermo --help' for usage)\n";
  return 2;
}

// Reports a failed call on stderr; returns the exit status.
int Fail(const Global& global, const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::cerr << "palermo: cannot reach palermod at " << global.server << " (" << status.error_message() << ")\n";
  } else if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    std::cerr << "palermo: not found: " << status.error_message() << "\n";
  } else {
    std::cerr << "palermo: " << status.error_message() << "\n";
  }
  return 1;
}

namespace {

bool ReadWhole(const std::string& flag, const std::string& path, std::string* out) {
  auto read = ReadWholeFile(path);
  if (!read.ok()) {
    std::cerr << "palermo: " << flag << ": " << read.status().message() << "\n";
    return false;
  }
  *out = std::move(*read);
  return true;
}

}  // namespace

bool LoadCredentials(const std::string& ca_file, const std::string& cert_file, const std::string& key_file,
                     const std::string& token_file, Global* global) {
  if (ca_file.empty() && cert_file.empty() && key_file.empty() && token_file.empty()) return true;
  if (ca_file.empty() || cert_file.empty() || key_file.empty()) {
    std::cerr << "palermo: --ca, --cert and --key go together (mutual TLS; docs/ACCESS.md)\n";
    return false;
  }
  if (!ReadWhole("--ca", ca_file, &global->ca_pem) || !ReadWhole("--cert", cert_file, &global->cert_pem) ||
      !ReadWhole("--key", key_file, &global->key_pem)) {
    return false;
  }
  if (!token_file.empty()) {
    if (!ReadWhole("--token-file", token_file, &global->token)) return false;
    while (!global->token.empty() && std::isspace(static_cast<unsigned char>(global->token.back()))) {
      global->token.pop_back();
    }
    if (global->token.empty()) {
      std::cerr << "palermo: --token-file " << token_file << " is empty\n";
      return false;
    }
  }
  return true;
}

std::shared_ptr<grpc::Channel> Connect(const Global& global) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (global.ca_pem.empty()) return grpc::CreateCustomChannel(global.server, grpc::InsecureChannelCredentials(), args);
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = global.ca_pem;
  ssl.pem_private_key = global.key_pem;
  ssl.pem_cert_chain = global.cert_pem;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
  if (!global.token.empty()) {
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::AccessTokenCredentials(global.token));  // "authorization: Bearer TOKEN"
  }
  return grpc::CreateCustomChannel(global.server, credentials, args);
}

std::unique_ptr<grpc::ClientContext> NewContext(int timeout_s) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeout_s));
  return context;
}

// `text` as a JSON string literal.
std::string Quoted(std::string_view text) {
  std::string out;
  format::AppendJsonString(text, &out);
  return out;
}

// Splits a command's arguments by a table of its options (name -> takes a value).
bool ParseArgs(const std::vector<std::string>& raw, const std::map<std::string, bool>& known, Args* args,
               std::string* error) {
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string& arg = raw[i];
    // Long options, and the short ones a command lists ("-o").
    if ((arg.size() > 2 && arg.rfind("--", 0) == 0) || (arg.size() == 2 && arg[0] == '-' && known.count(arg))) {
      std::string name = arg, value;
      bool inline_value = false;
      auto eq = arg.find('=');
      if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        inline_value = true;
      }
      auto it = known.find(name);
      if (it == known.end()) {
        *error = "unknown option " + name;
        return false;
      }
      if (it->second && !inline_value) {
        if (i + 1 >= raw.size()) {
          *error = name + " needs a value";
          return false;
        }
        value = raw[++i];
      }
      args->options[name].push_back(value);
    } else {
      args->positional.push_back(arg);
    }
  }
  return true;
}

bool ParseCount(const std::string& text, const char* what, uint32_t* out, std::string* error) {
  try {
    size_t used = 0;
    long value = std::stol(text, &used);
    if (used != text.size() || value < 1 || value > 1000000) throw std::out_of_range(text);
    *out = static_cast<uint32_t>(value);
    return true;
  } catch (const std::exception&) {
    *error = std::string(what) + " must be a positive whole number, not \"" + text + "\"";
    return false;
  }
}

std::string Number(double value, const char* format) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace palermo::cli
