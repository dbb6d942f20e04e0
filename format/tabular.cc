#include "format/tabular.h"

#include <csv.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <pugixml.hpp>

#include "common/files.h"
#include "common/text.h"

namespace palermo::format {
namespace {

// One part of an .xlsx file (a zip member), or NotFound.
Result<std::string> ReadMember(zip_t* archive, const std::string& path, const std::string& member) {
  zip_stat_t stat;
  if (zip_stat(archive, member.c_str(), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    return Status::NotFound(path + ": no " + member + " in the workbook");
  }
  if (stat.size > (512u << 20)) return Status::InvalidArgument(path + ": " + member + " is larger than 512 MiB");
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(archive, member.c_str(), 0), zip_fclose);
  if (!file) return Status::InvalidArgument(path + ": " + member + " cannot be opened");
  std::string data(stat.size, '\0');
  if (zip_fread(file.get(), data.data(), stat.size) != static_cast<zip_int64_t>(stat.size)) {
    return Status::InvalidArgument(path + ": " + member + " cannot be read");
  }
  return data;
}

Status ParseMember(zip_t* archive, const std::string& path, const std::string& member,
                   std::unique_ptr<pugi::xml_document>* doc) {
  auto text = ReadMember(archive, path, member);
  if (!text.ok()) return text.status();
  *doc = std::make_unique<pugi::xml_document>();
  pugi::xml_parse_result parsed = (*doc)->load_buffer(text->data(), text->size());
  if (!parsed) {
    return Status::InvalidArgument(path + ": " + member + " is not XML (" + parsed.description() + " at byte " +
                                   std::to_string(parsed.offset) + ")");
  }
  return Status::Ok();
}

// Whether `node` is the element `name` (with or without a namespace prefix).
bool Is(const pugi::xml_node& node, std::string_view name) {
  const std::string_view n = node.name();
  return n == name || (n.size() > name.size() && n.ends_with(name) && n[n.size() - name.size() - 1] == ':');
}

// The text of a rich or plain string item (<si>, <is>): its <t>s joined.
std::string ItemText(const pugi::xml_node& item) {
  std::string text;
  for (const pugi::xpath_node& t : item.select_nodes(".//*[local-name()='t']")) {
    // Phonetic runs (<rPh>) are readings, not text.
    if (std::string_view(t.node().parent().name()) == "rPh") continue;
    text += t.node().text().get();
  }
  return text;
}

// "AB12" -> column index 27 (0-based); -1 when it has no letters.
int ColumnOf(std::string_view reference) {
  int column = 0;
  size_t i = 0;
  for (; i < reference.size() && std::isalpha(static_cast<unsigned char>(reference[i])); ++i) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(reference[i])) - 'A' + 1);
    if (column > 16384) return -1;
  }
  return i == 0 ? -1 : column - 1;
}

// The sheet's part relative to xl/: "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml".
std::string MemberOf(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  return "xl/" + target;
}

}  // namespace

Result<std::vector<Table>> ReadXlsx(const std::string& path) {
  int error = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(zip_open(path.c_str(), ZIP_RDONLY, &error), zip_discard);
  if (!archive) {
    zip_error_t z;
    zip_error_init_with_code(&z, error);
    std::string reason = zip_error_strerror(&z);
    zip_error_fini(&z);
    return Status::InvalidArgument(path + ": not an .xlsx workbook (" + reason + ")");
  }
  std::unique_ptr<pugi::xml_document> workbook, relations, shared;
  if (Status s = ParseMember(archive.get(), path, "xl/workbook.xml", &workbook); !s.ok()) return s;
  if (Status s = ParseMember(archive.get(), path, "xl/_rels/workbook.xml.rels", &relations); !s.ok()) return s;
  std::vector<std::string> strings;
  if (Status s = ParseMember(archive.get(), path, "xl/sharedStrings.xml", &shared); s.ok()) {
    for (const pugi::xpath_node& si : shared->select_nodes("/*[local-name()='sst']/*[local-name()='si']")) {
      strings.push_back(ItemText(si.node()));
    }
  } else if (s.code() != Status::Code::kNotFound) {
    return s;
  }
  std::map<std::string, std::string> targets;
  for (const pugi::xpath_node& r : relations->select_nodes("//*[local-name()='Relationship']")) {
    targets[r.node().attribute("Id").value()] = r.node().attribute("Target").value();
  }
  std::vector<Table> tables;
  for (const pugi::xpath_node& sheet : workbook->select_nodes("//*[local-name()='sheets']/*[local-name()='sheet']")) {
    const std::string name = sheet.node().attribute("name").value();
    std::string id;
    for (const pugi::xml_attribute& a : sheet.node().attributes()) {
      const std::string_view n = a.name();
      if (n.size() >= 3 && n.substr(n.size() - 3) == ":id") id = a.value();
    }
    auto target = targets.find(id);
    if (target == targets.end()) return Status::InvalidArgument(path + ": sheet " + name + " has no part");
    std::unique_ptr<pugi::xml_document> doc;
    if (Status s = ParseMember(archive.get(), path, MemberOf(target->second), &doc); !s.ok()) return s;
    Table table;
    table.name = path + ":" + name;
    for (const pugi::xpath_node& row_node :
         doc->select_nodes("/*[local-name()='worksheet']/*[local-name()='sheetData']/*[local-name()='row']")) {
      const long number = row_node.node().attribute("r").as_llong(static_cast<long long>(table.rows.size()) + 1);
      if (number < 1 || number > 1048576 || number <= static_cast<long>(table.rows.size())) {
        return Status::InvalidArgument(table.name + ": a row numbered " + std::to_string(number) + " out of order");
      }
      table.rows.resize(static_cast<size_t>(number));
      std::vector<std::string>& cells = table.rows.back();
      for (const pugi::xml_node& c : row_node.node().children()) {
        if (!Is(c, "c")) continue;
        int column = c.attribute("r") ? ColumnOf(c.attribute("r").value()) : static_cast<int>(cells.size());
        if (column < 0) return Status::InvalidArgument(table.name + ": a cell without a column in row " + std::to_string(number));
        const std::string type = c.attribute("t").value();
        std::string value;
        pugi::xml_node v = c.find_child([](pugi::xml_node n) { return Is(n, "v"); });
        if (type == "s") {
          const long index = v.text().as_llong(-1);
          if (index < 0 || index >= static_cast<long>(strings.size())) {
            return Status::InvalidArgument(table.name + ": row " + std::to_string(number) + " refers to no shared string");
          }
          value = strings[static_cast<size_t>(index)];
        } else if (type == "inlineStr") {
          if (pugi::xml_node is = c.find_child([](pugi::xml_node n) { return Is(n, "is"); })) value = ItemText(is);
        } else if (type == "b") {
          value = std::string(v.text().get()) == "1" ? "TRUE" : "FALSE";
        } else {
          value = v.text().get();
        }
        if (static_cast<size_t>(column) >= cells.size()) cells.resize(static_cast<size_t>(column) + 1);
        cells[static_cast<size_t>(column)] = std::move(value);
      }
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
    }
    tables.push_back(std::move(table));
  }
  if (tables.empty()) return Status::InvalidArgument(path + ": the workbook has no sheets");
  return tables;
}

namespace {

struct CsvState {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
};

}  // namespace

Result<Table> ReadCsv(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  std::string_view data = *text;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  if (!IsValidUtf8(data)) return Status::InvalidArgument(path + ": not UTF-8 text (save the sheet as CSV UTF-8)");
  struct csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    return Status::Unavailable("libcsv cannot start");
  }
  CsvState state;
  auto on_field = [](void* field, size_t size, void* data) {
    static_cast<CsvState*>(data)->row.emplace_back(static_cast<const char*>(field), size);
  };
  auto on_row = [](int, void* data) {
    auto* s = static_cast<CsvState*>(data);
    while (!s->row.empty() && s->row.back().empty()) s->row.pop_back();
    s->rows.push_back(std::move(s->row));
    s->row.clear();
  };
  const size_t parsed = csv_parse(&parser, data.data(), data.size(), on_field, on_row, &state);
  Status status = Status::Ok();
  if (parsed != data.size() || csv_fini(&parser, on_field, on_row, &state) != 0) {
    status = Status::InvalidArgument(path + ": row " + std::to_string(state.rows.size() + 1) + ": " +
                                     csv_strerror(csv_error(&parser)));
  }
  csv_free(&parser);
  if (!status.ok()) return status;
  Table table;
  table.name = path;
  table.rows = std::move(state.rows);
  return table;
}

Result<std::vector<Table>> ReadTables(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.size() >= 5 && lower.substr(lower.size() - 5) == ".xlsx") return ReadXlsx(path);
  auto table = ReadCsv(path);
  if (!table.ok()) return table.status();
  return std::vector<Table>{std::move(*table)};
}

}  // namespace palermo::format
