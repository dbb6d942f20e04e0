// FollowTheMoney out (issue #13; docs/FTM.md has the mapping): records as
// FtM entities (alephdata's data model, used by Aleph and OpenSanctions),
// one JSON object per line: {"id", "schema", "properties": {name: [text]}}.
//
// One entity per record, except that a source becomes the `publisher` of
// the records that name it, and a phone or e-mail identifier becomes a
// `phone` / `email` of its holder. Ids are "plm-" and the SHA-256 (first
// 20 bytes, hex) of the record's global key: the same record has the same
// id in every export, and FtM's id rules hold. Entities whose required
// references are not in the export (another agency's records, or ones the
// caller may not read) are left out and counted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "palermo/v1/model.pb.h"

namespace palermo::format {

struct FtmExport {
  std::string lines;            // JSON Lines of FtM entities
  int64_t entities = 0;
  int64_t merged = 0;           // sources and phone/e-mail identifiers folded into other entities
  std::vector<std::string> left_out;  // "KEY: why" for records that became no entity
};

// The entity id of a record's global key ("plm-" + 40 hex digits).
std::string FtmId(const std::string& global_key);

FtmExport ToFtm(const std::vector<palermo::v1::Record>& records);

}  // namespace palermo::format
