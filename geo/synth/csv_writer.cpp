#include "geo/synth/csv_writer.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace sna::geo::detail {

namespace {

constexpr std::size_t flush_threshold = std::size_t{1} << 20;

std::string describe_errno() {
    return std::strerror(errno);
}

}  // namespace

CsvWriter::CsvWriter(std::string path) : m_path(std::move(path)) {
    m_file.reset(std::fopen(m_path.c_str(), "wb"));
    if (!m_file) throw Error(m_path + ": cannot create file: " + describe_errno());
    m_buffer.reserve(flush_threshold + 4096);
}

CsvWriter::~CsvWriter() {
    if (m_file && !m_buffer.empty()) {
        std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file.get());
    }
}

void CsvWriter::separate() {
    if (m_row_started) m_buffer.push_back(',');
    m_row_started = true;
}

CsvWriter& CsvWriter::text(std::string_view value) {
    separate();
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
        m_buffer.append(value);
        return *this;
    }
    m_buffer.push_back('"');
    for (const char c : value) {
        if (c == '"') m_buffer.push_back('"');
        m_buffer.push_back(c);
    }
    m_buffer.push_back('"');
    return *this;
}

CsvWriter& CsvWriter::integer(std::int64_t value) {
    separate();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr);
    return *this;
}

CsvWriter& CsvWriter::fixed(double value, int decimals) {
    separate();
    char digits[64];
    const int length = std::snprintf(digits, sizeof digits, "%.*f", decimals, value);
    if (length > 0)
        m_buffer.append(digits, std::min(static_cast<std::size_t>(length), sizeof digits - 1));
    return *this;
}

void CsvWriter::end_row() {
    m_buffer.push_back('\n');
    m_row_started = false;
    if (m_buffer.size() >= flush_threshold) flush();
}

void CsvWriter::flush() {
    if (m_buffer.empty()) return;
    if (std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file.get()) != m_buffer.size()) {
        throw Error(m_path + ": write failed: " + describe_errno());
    }
    m_buffer.clear();
}

void CsvWriter::close() {
    if (!m_file) return;
    flush();
    std::FILE* file = m_file.release();
    if (std::fclose(file) != 0) throw Error(m_path + ": close failed: " + describe_errno());
}

}  // namespace sna::geo::detail
