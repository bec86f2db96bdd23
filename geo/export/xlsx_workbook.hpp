#pragma once
/// Writes workbooks to XLSX bytes in libxlsxwriter's constant-memory mode: a sheet's rows go to
/// disk as they are written, so a large sheet's size never reaches memory when its rows come
/// from an XlsxRowSource.

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

struct lxw_worksheet;  // libxlsxwriter's worksheet; its header stays in xlsx_workbook.cpp

namespace sna::geo {

/// Empty, a number or text.
using XlsxCell = std::variant<std::monostate, double, std::string>;

/// Writes one row's cells left to right, straight into the sheet (no copy of the text kept).
/// Made by write_xlsx() for an XlsxRowSource.
class XlsxRowWriter {
public:
    XlsxRowWriter(lxw_worksheet* sheet, std::uint32_t row) : m_sheet(sheet), m_row(row) {}
    /// @throws std::runtime_error if libxlsxwriter refuses the cell.
    XlsxRowWriter& text(const std::string& value);
    /// An empty cell for no value. @throws std::runtime_error as text().
    XlsxRowWriter& number(const std::optional<double>& value);

private:
    lxw_worksheet* m_sheet;
    std::uint32_t m_row;
    std::uint16_t m_column = 0;
};

/// Writes the next row with the writer and returns true, or returns false (writing nothing)
/// after the last row.
using XlsxRowSource = std::function<bool(XlsxRowWriter& row)>;

struct XlsxSheet {
    std::string name;  ///< at most 31 characters, none of []:*?/\ (Excel's rule)
    std::vector<std::string> header;
    std::vector<std::vector<XlsxCell>> rows;  ///< rows given whole (small sheets)
    std::vector<double> column_widths;        ///< in characters; empty: 14 each
    XlsxRowSource source;  ///< optional: more rows, after `rows`, produced one at a time
};

struct XlsxProperties {
    std::string title;
    std::string comments;
    std::time_t created = 0;  ///< fixed creation time so the same data gives the same file
};

/// How often write_xlsx() calls its `check`: every this many rows.
constexpr std::uint32_t xlsx_check_every_rows = 4096;

/// The workbook as .xlsx bytes: a bold, frozen, filterable header row on each sheet. Calls
/// `check` (when set) every xlsx_check_every_rows rows; it may throw to abandon the workbook.
/// Temporary files live in a private directory, removed whatever happens.
/// @throws InvalidInput for a bad sheet name; std::runtime_error if libxlsxwriter fails (e.g.
/// more than 1,048,575 rows); whatever `check` or a row source throws.
std::string write_xlsx(const std::vector<XlsxSheet>& sheets, const XlsxProperties& properties,
                       const std::function<void()>& check = {});

}  // namespace sna::geo
