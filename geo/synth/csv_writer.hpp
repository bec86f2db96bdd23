#pragma once
/// A buffered, streaming CSV writer (RFC 4180 quoting, "\n" line ends).

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace sna::geo::detail {

/// Writes one row at a time through a large buffer, so millions of rows cost little memory.
/// Numbers are formatted with the C locale's printf rules, identical on every run.
class CsvWriter {
public:
    /// Creates (truncates) `path`. @throws Error naming the path when it cannot be opened.
    explicit CsvWriter(std::string path);
    ~CsvWriter();  // closes without reporting errors; call close() to see them
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    /// A text cell, quoted when it holds a comma, quote or line break.
    CsvWriter& text(std::string_view value);
    CsvWriter& integer(std::int64_t value);
    /// A number with a fixed count of decimals, e.g. fixed(12.3456, 2) → "12.35".
    CsvWriter& fixed(double value, int decimals);
    void end_row();

    /// Flushes and closes. @throws Error naming the path on a write failure (e.g. disk full).
    void close();

private:
    void separate();
    void flush();

    struct FileCloser {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    std::string m_path;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::string m_buffer;
    bool m_row_started = false;
};

}  // namespace sna::geo::detail
