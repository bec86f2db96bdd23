#pragma once
/// Writes small workbooks (a data sheet and a metadata sheet) to XLSX bytes.

#include <ctime>
#include <string>
#include <variant>
#include <vector>

namespace sna::geo {

/// Empty, a number or text.
using XlsxCell = std::variant<std::monostate, double, std::string>;

struct XlsxSheet {
    std::string name;  ///< at most 31 characters, none of []:*?/\ (Excel's rule)
    std::vector<std::string> header;
    std::vector<std::vector<XlsxCell>> rows;
    std::vector<double> column_widths;  ///< in characters; empty: 14 each
};

struct XlsxProperties {
    std::string title;
    std::string comments;
    std::time_t created = 0;  ///< fixed creation time so the same data gives the same file
};

/// The workbook as .xlsx bytes: a bold, frozen, filterable header row on each sheet.
/// @throws InvalidInput for a bad sheet name; std::runtime_error if libxlsxwriter fails.
std::string write_xlsx(const std::vector<XlsxSheet>& sheets, const XlsxProperties& properties);

}  // namespace sna::geo
