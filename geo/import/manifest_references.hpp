#pragma once
/// Cross-references inside a build manifest (after each section has been read on its own).

#include "geo/import/manifest.hpp"

#include <string>

namespace sna::geo {

/// Ids are unique per section, and every dataset and area set a section uses is declared.
/// @throws DataError naming `file` and the referring section, with the nearest declared id.
void check_manifest_references(const Manifest& m, const std::string& file);

}  // namespace sna::geo
