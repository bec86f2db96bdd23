#include "geo/import/csv_reader.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace sna::geo {

namespace {

// Large reads keep the per-byte cost to the scanning loops; 1 MiB is past the point of returns.
constexpr std::size_t buffer_size = std::size_t{1} << 20;

// Bytes that end an unquoted field.
constexpr std::array<bool, 256> make_field_end_table() {
    std::array<bool, 256> table{};
    table[static_cast<unsigned char>(',')] = true;
    table[static_cast<unsigned char>('\n')] = true;
    table[static_cast<unsigned char>('\r')] = true;
    return table;
}
constexpr std::array<bool, 256> ends_unquoted_field = make_field_end_table();

std::string& next_field(std::vector<std::string>& row, std::size_t& count) {
    if (count == row.size()) row.emplace_back();
    std::string& field = row[count++];
    field.clear();
    return field;
}

// Most CSV data is ASCII: checking 8 bytes at a time skips the UTF-8 decoder for it.
bool is_ascii(const std::string& text) {
    constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
    const char* p = text.data();
    const char* const end = p + text.size();
    std::uint64_t seen = 0;
    for (; end - p >= 8; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, sizeof word);
        seen |= word;
    }
    for (; p != end; ++p) seen |= static_cast<unsigned char>(*p);
    return (seen & high_bits) == 0;
}

std::string hex_byte(unsigned char byte) {
    constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[byte >> 4] + digits[byte & 0x0F];
}

}  // namespace

CsvReader::CsvReader(const std::string& path, const std::string& display_name)
    : m_display_name(display_name.empty() ? path : display_name) {
    m_file.reset(std::fopen(path.c_str(), "rb"));
    if (!m_file) {
        const std::string reason = std::generic_category().message(errno);
        throw DataError({m_display_name, "", ""}, "cannot open '" + path + "': " + reason);
    }
    // A small file needs no 1 MiB buffer (+1 so one read reaches the end of file).
    std::error_code size_error;
    const auto file_size = std::filesystem::file_size(path, size_error);
    m_capacity = size_error ? buffer_size : std::min<std::size_t>(buffer_size, file_size + 1);
    m_buffer = std::make_unique<char[]>(m_capacity);

    std::size_t count = 0;
    do {
        if (!read_record(m_header, count)) {
            throw DataError({m_display_name, "", ""}, "file is empty, expected a header row");
        }
        ++m_row_number;
    } while (count == 1 && m_header[0].empty());
    m_header.resize(count);
    validate(m_header, count);
}

std::size_t CsvReader::column_index(const std::string& name, const std::string& purpose) const {
    return find_column(m_header, name, purpose, m_display_name);
}

bool CsvReader::next(std::vector<std::string>& row) {
    std::size_t count = 0;
    do {
        if (!read_record(row, count)) return false;
        ++m_row_number;
    } while (count == 1 && row[0].empty());  // blank line
    validate(row, count);
    row.resize(count);
    return true;
}

bool CsvReader::fill_buffer() {
    if (m_eof) return false;
    const std::size_t n = std::fread(m_buffer.get(), 1, m_capacity, m_file.get());
    if (n < m_capacity) {
        if (std::ferror(m_file.get())) {
            const std::string reason = std::generic_category().message(errno);
            throw DataError({m_display_name, std::to_string(m_row_number + 1), ""},
                            "read error: " + reason);
        }
        m_eof = true;
    }
    m_pos = 0;
    m_end = n;
    if (m_at_start) {
        m_at_start = false;
        const auto* bytes = reinterpret_cast<const unsigned char*>(m_buffer.get());
        if (n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) m_pos = 3;
        if (n >= 2 &&
            ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
            throw DataError({m_display_name, "", ""},
                            "the file is UTF-16 encoded; save it as 'CSV UTF-8'");
        }
    }
    return m_pos < m_end;
}

// One record, which may span buffer refills and (inside quotes) several lines.
bool CsvReader::read_record(std::vector<std::string>& row, std::size_t& count) {
    count = 0;
    m_record_line = m_line;
    Cursor cursor{State::field_start, nullptr, m_line};
    while (m_pos != m_end || fill_buffer()) {
        if (m_skip_lf) {  // the CR ending the previous record may be half of a CRLF
            m_skip_lf = false;
            if (m_buffer[m_pos] == '\n') {
                ++m_pos;
                continue;
            }
        }
        if (scan(cursor, row, count)) return true;
    }

    switch (cursor.state) {  // end of file
        case State::field_start:
            if (count == 0) return false;
            next_field(row, count);  // "a,b," ends with an empty field
            return true;
        case State::quoted:
            throw DataError({m_display_name, std::to_string(cursor.start_line), ""},
                            "quoted field opened on line " + std::to_string(cursor.start_line) +
                                " is never closed (a '\"' is missing)");
        case State::unquoted:
        case State::quote_in_quoted:
            return true;
    }
    return true;
}

// Consumes buffered bytes until the record ends (true) or the buffer does (false).
// RFC 4180 §2; lenient like spreadsheets: a quote inside an unquoted field and text after a
// closing quote are kept as text.
bool CsvReader::scan(Cursor& cursor, std::vector<std::string>& row, std::size_t& count) {
    const char* p = m_buffer.get() + m_pos;
    const char* const end = m_buffer.get() + m_end;
    const auto end_record = [&](const char* terminator) {
        m_skip_lf = *terminator == '\r';
        ++m_line;
        m_pos = static_cast<std::size_t>(terminator + 1 - m_buffer.get());
        return true;
    };
    while (p != end) {
        switch (cursor.state) {
            case State::field_start:
                cursor.field = &next_field(row, count);
                cursor.state = *p == '"' ? State::quoted : State::unquoted;
                if (cursor.state == State::quoted) ++p;
                break;
            case State::unquoted: {
                const char* q = p;
                while (q != end && !ends_unquoted_field[static_cast<unsigned char>(*q)]) ++q;
                cursor.field->append(p, static_cast<std::size_t>(q - p));
                p = q;
                if (q == end) break;
                if (*q != ',') return end_record(q);
                ++p;
                cursor.state = State::field_start;
                break;
            }
            case State::quoted: {
                const auto* q = static_cast<const char*>(
                    std::memchr(p, '"', static_cast<std::size_t>(end - p)));
                const char* stop = q ? q : end;
                m_line += std::count(p, stop, '\n');
                cursor.field->append(p, static_cast<std::size_t>(stop - p));
                p = stop;
                if (q) {
                    ++p;
                    cursor.state = State::quote_in_quoted;
                }
                break;
            }
            case State::quote_in_quoted:
                if (*p == '"') {  // "" is an escaped quote
                    cursor.field->push_back('"');
                    ++p;
                    cursor.state = State::quoted;
                } else if (*p == ',') {
                    ++p;
                    cursor.state = State::field_start;
                } else if (*p == '\n' || *p == '\r') {
                    return end_record(p);
                } else {
                    cursor.state = State::unquoted;
                }
                break;
        }
    }
    m_pos = m_end;
    return false;
}

void CsvReader::validate(const std::vector<std::string>& row, std::size_t field_count) const {
    if (field_count != m_header.size()) {
        std::string problem = "expected " + std::to_string(m_header.size()) + " fields, found " +
                              std::to_string(field_count);
        if (field_count > m_header.size()) {
            problem += "; a value containing a comma must be in double quotes";
        }
        throw DataError({m_display_name, std::to_string(m_record_line), ""}, problem);
    }
    for (std::size_t i = 0; i < field_count; ++i) {
        if (is_ascii(row[i])) continue;
        const std::size_t bad = find_invalid_utf8(row[i]);
        if (bad == std::string::npos) continue;
        const std::string column =
            i < m_header.size() && &row != &m_header ? m_header[i] : "#" + std::to_string(i + 1);
        throw DataError({m_display_name, std::to_string(m_record_line), column},
                        "invalid UTF-8 at byte " + std::to_string(bad + 1) + " of the value (" +
                            hex_byte(static_cast<unsigned char>(row[i][bad])) +
                            "); save the file as UTF-8 (it may be Windows-1252/Latin-1)");
    }
}

}  // namespace sna::geo
