/// libFuzzer harness: CsvReader (RFC 4180, UTF-8 checks, line counting) and the strict number
/// parser on every cell. Errors must be DataError with a location; anything else is a finding.

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/import/csv_reader.hpp"

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// CsvReader reads files: one per process, rewritten for every input.
const std::string& scratch_file() {
    static const std::string path = [] {
        std::string name = "/tmp/snamap-fuzz-csv-" + std::to_string(getpid()) + ".csv";
        std::atexit([] { std::remove(scratch_file().c_str()); });
        return name;
    }();
    return path;
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
    std::fclose(file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = scratch_file();
    write_file(path, data, size);
    try {
        sna::geo::CsvReader csv(path, "fuzz.csv");
        std::vector<std::string> row;
        std::int64_t previous_line = 0;
        while (csv.next(row)) {
            if (row.size() != csv.header().size()) std::abort();  // validated by the reader
            if (csv.line_number() <= previous_line || csv.line_number() < csv.row_number()) {
                std::abort();  // lines only move forward and never lag the record count
            }
            previous_line = csv.line_number();
            for (const std::string& cell : row) {
                if (sna::geo::excerpt(cell).size() > 60 + 32) std::abort();
                try {
                    static_cast<void>(sna::geo::parse_number(cell));
                } catch (const std::invalid_argument&) {
                }
            }
        }
    } catch (const sna::geo::DataError& e) {
        if (e.where().file != "fuzz.csv") std::abort();
    }
    return 0;
}
