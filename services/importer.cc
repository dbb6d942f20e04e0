#include "services/importer.h"

#include "common/text.h"
#include "model/vocabulary.h"

namespace palermo::services {

Importer::Importer(store::Store* store, ImporterOptions options)
    : store_(store),
      options_(std::move(options)),
      errors_(options_.keep_errors),
      warnings_(options_.keep_warnings) {}

Importer::~Importer() = default;

Status Importer::Begin() {
  auto import = store_->BeginImport();
  if (!import.ok()) return import.status();
  import_ = std::move(import.value());
  if (!options_.only_agency.empty()) {
    seen_ = std::make_unique<CallerSnapshot>(store_->Snapshot(), options_.only_agency, /*separate=*/true);
  }
  return Status::Ok();
}

const store::ImportStats& Importer::stats() const {
  static const store::ImportStats kEmpty;
  return import_ ? import_->stats() : kEmpty;
}

Status Importer::ParseLine(std::string_view line) {
  ++line_number_;
  switch (format::ParseCaseLine(line, line_number_, options_.default_agency, &record_, &errors_, &warnings_)) {
    case format::LineOutcome::kSkipped: return Status::Ok();
    case format::LineOutcome::kRecord:
      if (!options_.only_agency.empty() && record_.agency() != options_.only_agency) {
        errors_.Add({line_number_, "agency",
                     "a record of agency " + EscapeForMessage(record_.agency(), 100) + ": agency " +
                         options_.only_agency + " imports only its own records"});
        return import_->AddInvalid(record_, line_number_);
      }
      if (seen_) {
        if (Status s = CheckReferencesSeen(); !s.ok()) return s;
      }
      return import_->Add(record_, line_number_, &errors_);
    case format::LineOutcome::kInvalid:
      return import_->AddInvalid(record_, line_number_);
  }
  return Status::Ok();
}

Status Importer::CheckReferencesSeen() {
  // The file holds only the caller's records: a reference to another
  // agency's key names a stored record or none.
  const std::string own_prefix = options_.only_agency + "/";
  for (const model::Reference& ref : model::CollectReferences(record_)) {
    if (ref.target.compare(0, own_prefix.size(), own_prefix) == 0) continue;
    Result<store::NodeId> id = seen_->all().Lookup(ref.target);
    if (!id.ok()) {
      if (id.status().code() == Status::Code::kNotFound) continue;  // the store reports it
      return id.status();
    }
    Result<Sight> sight = seen_->access().Of(*id);
    if (!sight.ok()) return sight.status();
    if (*sight == Sight::kNone) {
      errors_.Add({line_number_, ref.field, "no record \"" + ref.target + "\" in this file or the store"});
    }
  }
  return Status::Ok();
}

void Importer::SkipLongLine() {
  ++line_number_;
  errors_.Add({line_number_, "", "line longer than " + std::to_string(options_.max_line_bytes) + " bytes"});
  line_too_long_ = false;
  partial_.clear();
}

Status Importer::Feed(std::string_view bytes) {
  while (!bytes.empty()) {
    size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      if (!line_too_long_) partial_.append(bytes);
      if (partial_.size() > options_.max_line_bytes) {
        line_too_long_ = true;
        partial_.clear();
      }
      return Status::Ok();
    }
    std::string_view piece = bytes.substr(0, newline);
    bytes.remove_prefix(newline + 1);
    Status s;
    if (line_too_long_ || partial_.size() + piece.size() > options_.max_line_bytes) {
      SkipLongLine();
    } else if (partial_.empty()) {
      s = ParseLine(piece);
    } else {
      partial_.append(piece);
      s = ParseLine(partial_);
      partial_.clear();
    }
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Importer::Finish() {
  if (line_too_long_) {
    SkipLongLine();
  } else if (!partial_.empty()) {
    Status s = ParseLine(partial_);
    partial_.clear();
    if (!s.ok()) return s;
  }
  return import_->Commit(options_.dry_run, &errors_);
}

Status Importer::ImportText(std::string_view text, size_t chunk_bytes) {
  Status s = Begin();
  for (size_t i = 0; s.ok() && i < text.size(); i += chunk_bytes) s = Feed(text.substr(i, chunk_bytes));
  return s.ok() ? Finish() : s;
}

}  // namespace palermo::services
