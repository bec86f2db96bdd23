#include "geo/export/xlsx_workbook.hpp"

#include "geo/core/errors.hpp"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace sna::geo {

namespace {

/// A directory only this process can read (mkdtemp: mode 0700), removed with its contents when
/// this goes out of scope. It holds the workbook and libxlsxwriter's own temporary files
/// (libxlsxwriter 1.1.4 can only write to a file).
class PrivateDir {
public:
    PrivateDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "snamap-xlsx-XXXXXX").string();
        if (!mkdtemp(pattern.data())) {
            throw std::runtime_error(
                "cannot create a temporary directory for the XLSX export under " +
                std::filesystem::temp_directory_path().string() + ": " + std::strerror(errno));
        }
        m_path = pattern;
    }
    ~PrivateDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    PrivateDir(const PrivateDir&) = delete;
    PrivateDir& operator=(const PrivateDir&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

void check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("XLSX " + what + ": " + lxw_strerror(error));
}

/// Owns a constant-memory workbook until close(); one not closed is freed without writing it.
class Workbook {
public:
    Workbook(const std::string& path, const std::string& temp_dir) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.tmpdir = const_cast<char*>(temp_dir.c_str());  // copied by libxlsxwriter
        m_book = workbook_new_opt(path.c_str(), &options);
        if (!m_book) throw std::runtime_error("XLSX: cannot create a workbook");
    }
    ~Workbook() {
        if (!m_book) return;
        // libxlsxwriter 1.1.4 closes a constant-memory sheet's row file only while closing the
        // workbook, and lxw_workbook_free() leaves it open: close it here, or an abandoned
        // export would keep a file descriptor and its disk space.
        for (lxw_worksheet* sheet : m_sheets) {
            if (sheet->optimize_tmpfile) std::fclose(sheet->optimize_tmpfile);
        }
        lxw_workbook_free(m_book);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() const { return m_book; }
    lxw_worksheet* add_sheet(const std::string& name) {
        lxw_worksheet* sheet = workbook_add_worksheet(m_book, name.c_str());
        if (!sheet) throw std::runtime_error("XLSX: cannot add worksheet '" + name + "'");
        m_sheets.push_back(sheet);
        return sheet;
    }
    /// Writes the file and frees the workbook (also when writing fails).
    void close() { check(workbook_close(std::exchange(m_book, nullptr)), "write"); }

private:
    lxw_workbook* m_book = nullptr;
    std::vector<lxw_worksheet*> m_sheets;
};

void check_sheet_name(const std::string& name) {
    if (name.empty() || name.size() > 31 || name.find_first_of("[]:*?/\\") != std::string::npos)
        throw InvalidInput("bad worksheet name '" + name + "'");
}

void write_cells(lxw_worksheet* ws, lxw_row_t row, const std::vector<XlsxCell>& cells) {
    XlsxRowWriter writer(ws, row);
    for (const XlsxCell& cell : cells) {
        if (const double* number = std::get_if<double>(&cell)) {
            writer.number(*number);
        } else if (const std::string* text = std::get_if<std::string>(&cell)) {
            writer.text(*text);
        } else {
            writer.number(std::nullopt);
        }
    }
}

/// Rows must go in order (constant-memory mode): the header, `rows`, then the source's rows.
void write_sheet(Workbook& book, const XlsxSheet& sheet, lxw_format* bold,
                 const std::function<void()>& check_alive) {
    check_sheet_name(sheet.name);
    lxw_worksheet* ws = book.add_sheet(sheet.name);
    for (std::size_t c = 0; c < sheet.header.size(); ++c) {
        const double width = c < sheet.column_widths.size() ? sheet.column_widths[c] : 14;
        const auto col = static_cast<lxw_col_t>(c);
        check(worksheet_set_column(ws, col, col, width, nullptr), "column width");
        check(worksheet_write_string(ws, 0, col, sheet.header[c].c_str(), bold), "header");
    }
    lxw_row_t next = 1;
    const auto wrote_row = [&] {
        if (++next % xlsx_check_every_rows == 0 && check_alive) check_alive();
    };
    for (const auto& cells : sheet.rows) {
        write_cells(ws, next, cells);
        wrote_row();
    }
    while (sheet.source) {
        XlsxRowWriter writer(ws, next);
        if (!sheet.source(writer)) break;
        wrote_row();
    }
    if (!sheet.header.empty()) {
        worksheet_freeze_panes(ws, 1, 0);
        check(worksheet_autofilter(ws, 0, 0, next - 1,
                                   static_cast<lxw_col_t>(sheet.header.size() - 1)),
              "autofilter");
    }
}

void set_properties(lxw_workbook* book, const XlsxProperties& properties) {
    lxw_doc_properties props{};
    props.title = const_cast<char*>(properties.title.c_str());
    props.comments = const_cast<char*>(properties.comments.c_str());
    props.author = const_cast<char*>("snamap");
    props.created = properties.created;
    check(workbook_set_properties(book, &props), "properties");
}

/// The file's bytes, read into one string of its size (no second copy).
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    if (size < 0) throw std::runtime_error("XLSX: cannot read back the written workbook");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), size)) throw std::runtime_error("XLSX: short read of the workbook");
    return bytes;
}

}  // namespace

XlsxRowWriter& XlsxRowWriter::text(const std::string& value) {
    check(worksheet_write_string(m_sheet, m_row, m_column, value.c_str(), nullptr), "text");
    ++m_column;
    return *this;
}

XlsxRowWriter& XlsxRowWriter::number(const std::optional<double>& value) {
    if (value) check(worksheet_write_number(m_sheet, m_row, m_column, *value, nullptr), "number");
    ++m_column;
    return *this;
}

std::string write_xlsx(const std::vector<XlsxSheet>& sheets, const XlsxProperties& properties,
                       const std::function<void()>& check_alive) {
    const PrivateDir dir;
    const std::string path = dir.path() + "/export.xlsx";
    {
        Workbook book(path, dir.path());
        lxw_format* bold = workbook_add_format(book.get());
        format_set_bold(bold);
        for (const XlsxSheet& sheet : sheets) write_sheet(book, sheet, bold, check_alive);
        set_properties(book.get(), properties);
        book.close();
    }
    return read_file(path);
}

}  // namespace sna::geo
