// Tables as organisations keep them: a spreadsheet's sheets (.xlsx, read
// with libzip and pugixml) or a CSV file (RFC 4180, read with libcsv), as
// rows of cell texts. No types beyond text: a number is its text as
// stored ("44927" for a date Excel keeps as a serial number), a boolean
// "TRUE"/"FALSE". Used by the HTCDS importer (format/htcds.h).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace palermo::format {

struct Table {
  std::string name;  // "cases.csv", or "book.xlsx:Sheet1"
  // rows[i] is the table's row i + 1 (a spreadsheet's empty rows are kept
  // as empty rows, so row numbers stay those the user sees); cells by
  // column, trailing empty cells dropped.
  std::vector<std::vector<std::string>> rows;
};

// Every worksheet of an .xlsx file, in the workbook's order.
// InvalidArgument naming the file and the part that does not parse.
Result<std::vector<Table>> ReadXlsx(const std::string& path);

// A CSV file (comma-separated; quoted fields may hold commas, quotes and
// line breaks; a UTF-8 byte order mark is skipped). InvalidArgument naming
// the file and the row for malformed quoting or text that is not UTF-8.
Result<Table> ReadCsv(const std::string& path);

// ReadXlsx for a name ending in .xlsx (any case), ReadCsv otherwise.
Result<std::vector<Table>> ReadTables(const std::string& path);

}  // namespace palermo::format
