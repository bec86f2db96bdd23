#include "geo/export/xlsx_workbook.hpp"

#include "geo/core/errors.hpp"

#include <xlsxwriter.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sna::geo {

namespace {

/// A unique temporary file path, removed when this goes out of scope
/// (libxlsxwriter 1.1.4 can only write to a file).
class TempFile {
public:
    TempFile() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "snamap-xlsx-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("cannot create a temporary file for the XLSX export");
        close(fd);
        m_path = pattern;
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

void check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("XLSX " + what + ": " + lxw_strerror(error));
}

void check_sheet_name(const std::string& name) {
    if (name.empty() || name.size() > 31 || name.find_first_of("[]:*?/\\") != std::string::npos)
        throw InvalidInput("bad worksheet name '" + name + "'");
}

void write_sheet(lxw_workbook* book, const XlsxSheet& sheet, lxw_format* bold) {
    check_sheet_name(sheet.name);
    lxw_worksheet* ws = workbook_add_worksheet(book, sheet.name.c_str());
    if (!ws) throw std::runtime_error("XLSX: cannot add worksheet '" + sheet.name + "'");
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
        const double width = c < sheet.column_widths.size() ? sheet.column_widths[c] : 14;
        const auto col = static_cast<lxw_col_t>(c);
        check(worksheet_set_column(ws, col, col, width, nullptr), "column width");
        check(worksheet_write_string(ws, 0, col, sheet.header[c].c_str(), bold), "header");
    }
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            const XlsxCell& cell = sheet.rows[r][c];
            if (const double* number = std::get_if<double>(&cell)) {
                check(worksheet_write_number(ws, row, col, *number, nullptr), "number");
            } else if (const std::string* text = std::get_if<std::string>(&cell)) {
                check(worksheet_write_string(ws, row, col, text->c_str(), nullptr), "text");
            }
        }
    }
    if (!sheet.header.empty()) {
        worksheet_freeze_panes(ws, 1, 0);
        check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                                   static_cast<lxw_col_t>(sheet.header.size() - 1)),
              "autofilter");
    }
}

}  // namespace

std::string write_xlsx(const std::vector<XlsxSheet>& sheets, const XlsxProperties& properties) {
    const TempFile file;
    lxw_workbook* book = workbook_new(file.path().c_str());
    if (!book) throw std::runtime_error("XLSX: cannot create a workbook");
    try {
        lxw_format* bold = workbook_add_format(book);
        format_set_bold(bold);
        for (const XlsxSheet& sheet : sheets) write_sheet(book, sheet, bold);
        lxw_doc_properties props{};
        props.title = const_cast<char*>(properties.title.c_str());
        props.comments = const_cast<char*>(properties.comments.c_str());
        props.author = const_cast<char*>("snamap");
        props.created = properties.created;
        check(workbook_set_properties(book, &props), "properties");
    } catch (...) {
        workbook_close(book);  // frees the workbook; the temporary file is removed by TempFile
        throw;
    }
    check(workbook_close(book), "write");
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace sna::geo
