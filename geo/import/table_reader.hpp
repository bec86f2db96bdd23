#pragma once
/// One row reader for every tabular source: CSV, and whatever GDAL/OGR reads as a table
/// (XLSX and ODS sheets, GeoPackage attribute tables, ...).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// Rows of text cells under a header row. Held by unique_ptr; not for sharing between threads.
class TableReader {
public:
    /// Opens a CSV file with CsvReader (by its `.csv` extension) and anything else with GDAL/OGR:
    /// spreadsheets with their first row as the header, every cell converted to text.
    /// @param display_name the file as messages name it (the path relative to the sources folder)
    /// @param layer sheet or layer name; empty = the first one. Must be empty for CSV.
    /// @throws DataError when the file cannot be opened or the layer does not exist (with the
    /// available layers and the nearest name).
    static std::unique_ptr<TableReader> open(const std::string& path,
                                             const std::string& display_name,
                                             const std::string& layer);

    /// Lines in a CSV file, counted quickly (a progress bar's total); 0 for other formats or a
    /// file that cannot be read (open() then says why).
    static std::int64_t line_count(const std::string& path);

    virtual ~TableReader() = default;
    TableReader(const TableReader&) = delete;
    TableReader& operator=(const TableReader&) = delete;

    /// Column names, in file order.
    virtual const std::vector<std::string>& header() const noexcept = 0;

    /// Reads the next non-blank row into `row` (one text per header column; empty or null cells
    /// are ""); false at the end.
    /// @throws DataError naming file and row (and column where one is at fault).
    virtual bool next(std::vector<std::string>& row) = 0;

    /// Where the row last read is, as a user finds it: the spreadsheet row for CSV, XLSX and ODS
    /// (header = 1), the feature id for other GDAL tables (e.g. GeoPackage).
    virtual std::int64_t row_number() const noexcept = 0;

    /// Where messages say the row last read is: the physical line it starts on for CSV (a record
    /// with quoted newlines spans several lines, so this can exceed row_number()), else
    /// row_number().
    virtual std::int64_t line_number() const noexcept { return row_number(); }

    /// Index of the header column `name`.
    /// @param purpose what the column is needed for, shown in the message (e.g. "code_column").
    /// @throws DataError naming the column, with the nearest header name or the available ones.
    std::size_t column_index(const std::string& name, const std::string& purpose) const;

    /// The file name used in messages.
    const std::string& display_name() const noexcept { return m_display_name; }

protected:
    explicit TableReader(std::string display_name) : m_display_name(std::move(display_name)) {}

private:
    std::string m_display_name;
};

}  // namespace sna::geo
