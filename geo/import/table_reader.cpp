#include "geo/import/table_reader.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/gdal/gdal_source.hpp"
#include "geo/import/csv_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

namespace sna::geo {

namespace {

bool is_blank(const std::vector<std::string>& row) {
    return std::all_of(row.begin(), row.end(),
                       [](const std::string& cell) { return cell.empty(); });
}

class CsvTableReader final : public TableReader {
public:
    CsvTableReader(const std::string& path, const std::string& display_name)
        : TableReader(display_name), m_csv(path, display_name) {}

    const std::vector<std::string>& header() const noexcept override { return m_csv.header(); }
    bool next(std::vector<std::string>& row) override { return m_csv.next(row); }
    std::int64_t row_number() const noexcept override { return m_csv.row_number(); }
    std::int64_t line_number() const noexcept override { return m_csv.line_number(); }

private:
    CsvReader m_csv;
};

/// A GDAL layer read as a table; the feature id is the row number (for XLSX and ODS GDAL numbers
/// features by sheet row, header = 1).
class OgrTableReader final : public TableReader {
public:
    OgrTableReader(const std::string& path, const std::string& display_name,
                   const std::string& layer)
        : TableReader(display_name), m_source(GdalSource::open(path, display_name, layer)) {
        m_source.ignore_geometry();
    }

    const std::vector<std::string>& header() const noexcept override { return m_source.fields(); }

    bool next(std::vector<std::string>& row) override {
        do {
            if (!m_source.next(m_feature)) return false;
            m_row_number = m_feature.fid.empty() ? m_row_number + 1
                                                 : std::strtoll(m_feature.fid.c_str(), nullptr, 10);
        } while (is_blank(m_feature.fields));  // empty spreadsheet rows
        row.swap(m_feature.fields);
        return true;
    }

    std::int64_t row_number() const noexcept override { return m_row_number; }

private:
    GdalSource m_source;
    Feature m_feature;
    std::int64_t m_row_number = 1;
};

}  // namespace

namespace {

bool is_csv(const std::string& path) {
    return to_lower(std::filesystem::path(path).extension().string()) == ".csv";
}

}  // namespace

std::int64_t TableReader::line_count(const std::string& path) {
    if (!is_csv(path)) return 0;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         std::fclose);
    if (!file) return 0;
    std::vector<char> buffer(1 << 20);
    std::int64_t lines = 0;
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get()))
        lines += std::count(buffer.data(), buffer.data() + n, '\n');
    return lines;
}

std::unique_ptr<TableReader> TableReader::open(const std::string& path,
                                               const std::string& display_name,
                                               const std::string& layer) {
    const std::string name = display_name.empty() ? path : display_name;
    if (is_csv(path)) {
        if (!layer.empty()) {
            throw DataError({name, "", ""}, "a CSV file has no sheets or layers, but layer '" +
                                                layer + "' was asked for; remove \"layer\"");
        }
        return std::make_unique<CsvTableReader>(path, name);
    }
    return std::make_unique<OgrTableReader>(path, name, layer);
}

std::size_t TableReader::column_index(const std::string& name, const std::string& purpose) const {
    return find_column(header(), name, purpose, m_display_name);
}

}  // namespace sna::geo
