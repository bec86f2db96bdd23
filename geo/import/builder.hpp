#pragma once
/// `snamap build`: turns a manifest and a folder of source files into a database, atomically.

#include "geo/core/progress.hpp"
#include "geo/import/build_context.hpp"

#include <string>

namespace sna::geo {

struct BuildOptions {
    std::string manifest_path;
    std::string sources_dir;
    std::string output_path;
};

/// Builds into a temporary file beside `output_path` and renames it into place only on success;
/// after any failure the previous output is untouched and no temporary file remains.
/// @throws DataError / StoreError / Error describing the first problem found.
BuildSummary build_database(const BuildOptions& options, Progress& progress);

/// SHA-256 over the manifest text and every source file it names (path and bytes).
/// @throws DataError naming a source file that does not exist.
std::string compute_data_hash(const std::string& manifest_text, const Manifest& manifest,
                              const BuildOptions& options);

}  // namespace sna::geo
