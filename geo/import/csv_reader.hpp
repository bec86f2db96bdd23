#pragma once
/// Streaming RFC 4180 CSV reader: the header row, then one data row at a time.

#include "geo/core/columns.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// Reads a CSV file (RFC 4180: quoted fields with embedded commas, quotes and newlines; CRLF, LF
/// or CR line ends; a UTF-8 byte-order mark is skipped) in large chunks.
///
/// Every row, the header included, is checked to be UTF-8 and to have as many fields as the header.
/// Blank lines are skipped (they still count as spreadsheet rows), so a one-column file cannot
/// hold an empty value. Move-only; not for sharing between threads.
class CsvReader {
public:
    /// Opens `path` and reads the header row. `display_name` names the file in messages
    /// (e.g. the path relative to the sources folder); empty means `path`.
    /// @throws DataError when the file cannot be opened, is empty, or its header is invalid.
    explicit CsvReader(const std::string& path, const std::string& display_name = {});

    /// Column names from row 1, as written (not trimmed).
    const std::vector<std::string>& header() const noexcept { return m_header; }

    /// Reads the next data row into `row` (reusing its strings' capacity); false at the end.
    /// @throws DataError naming file and row for a wrong field count, invalid UTF-8 (also naming
    /// the column) or an unterminated quoted field.
    bool next(std::vector<std::string>& row);

    /// Spreadsheet row of the row last read: the header is row 1, a record spanning several lines
    /// (quoted newlines) is one row, and blank lines count as rows.
    std::int64_t row_number() const noexcept { return m_row_number; }

    /// Physical line (1-based) on which the row last read starts, for messages: an editor's
    /// "go to line" finds it even after quoted newlines.
    std::int64_t line_number() const noexcept { return m_record_line; }

    /// Index of the header column `name`.
    /// @param purpose what the column is needed for, shown in the message (e.g. "code_column").
    /// @throws DataError naming the column, with the nearest header name or the available ones.
    std::size_t column_index(const std::string& name, const std::string& purpose) const;

    /// The file name used in messages.
    const std::string& display_name() const noexcept { return m_display_name; }

private:
    struct FileCloser {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    enum class State { field_start, unquoted, quoted, quote_in_quoted };
    /// Where the parser is inside the record being read.
    struct Cursor {
        State state;
        std::string* field;       ///< the field being filled
        std::int64_t start_line;  ///< line the record starts on (for messages)
    };

    bool fill_buffer();
    bool read_record(std::vector<std::string>& row, std::size_t& field_count);
    bool scan(Cursor& cursor, std::vector<std::string>& row, std::size_t& field_count);
    void validate(const std::vector<std::string>& row, std::size_t field_count) const;

    std::string m_display_name;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0;  ///< bytes m_buffer holds
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    bool m_at_start = true;  ///< nothing read yet: a byte-order mark may follow
    bool m_skip_lf = false;  ///< the last record ended with CR: a following LF belongs to it
    bool m_eof = false;
    std::int64_t m_row_number = 0;
    std::int64_t m_line = 1;         ///< physical line where the next record starts (for messages)
    std::int64_t m_record_line = 1;  ///< physical line where the record last read starts
    std::vector<std::string> m_header;
};

}  // namespace sna::geo
