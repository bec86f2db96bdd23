#pragma once
/// Builds data/westmids.json once per test run into a temporary folder.

#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "tests/integration/shared_data.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace sna::test {

/// A folder removed with everything in it when the test process ends.
struct ScratchFolder {
    std::filesystem::path path;
    ScratchFolder()
        : path(std::filesystem::temp_directory_path() /
               ("snamap-test-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path);
    }
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

inline const ScratchFolder& scratch_folder() {
    static const ScratchFolder folder;
    return folder;
}

/// Path of the West Midlands database built for this test process (built on first use).
inline const std::string& westmids_database() {
    static const std::string path = [] {
        // Under CTest the database was built once by the real/build_westmids fixture.
        if (const char* prebuilt = std::getenv("SNAMAP_WESTMIDS_DB"); prebuilt && *prebuilt) {
            return std::string(prebuilt);
        }
        geo::BuildOptions options;
        options.manifest_path = std::string(SNAMAP_SOURCE_DIR) + "/data/westmids.json";
        options.sources_dir = shared_data_dir();
        options.output_path = (scratch_folder().path / "westmids.sqlite").string();
        std::ostringstream log;
        geo::Progress progress(log, false, true);
        geo::build_database(options, progress);
        return options.output_path;
    }();
    return path;
}

}  // namespace sna::test
