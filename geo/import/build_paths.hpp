#pragma once
/// Where a build may read and write: the checks that keep a build from escaping its sources or
/// overwriting its own inputs, and the clean-up of temporary files that killed builds left.

#include "geo/import/builder.hpp"
#include "geo/import/manifest.hpp"

#include <string>

namespace sna::geo {

/// Every source must resolve (symlinks followed) to a file inside --sources, or inside the
/// manifest's folder for "manifest:" paths, or inside one of the manifest's "source_roots".
/// Sources that do not exist are left for the not-found check.
/// @throws DataError naming the manifest, the source path and where it leads.
void check_source_locations(const Manifest& manifest, const BuildOptions& options);

/// The output must not be the manifest or any source (same file after resolving symlinks, or a
/// hard link to it): the rename at the end of a build would replace it.
/// @throws InvalidInput naming the output and the input it would replace.
void check_output_is_not_input(const Manifest& manifest, const BuildOptions& options);

/// The temporary file a build of `output` writes before renaming it into place:
/// ".NAME.building-PID" beside it.
/// @throws InvalidInput when the output's folder does not exist.
std::string temporary_path_beside(const std::string& output);

/// Removes ".NAME.building-PID" files (and their journals) beside `output` whose process is no
/// longer running: what builds killed before they could clean up leave behind.
/// @return how many files were removed.
int remove_stale_temporaries(const std::string& output);

}  // namespace sna::geo
