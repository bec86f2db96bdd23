#pragma once
/// The manifest's `postcodes` object (docs/manifest.md), read apart from manifest.cpp.

#include "geo/import/json_object_reader.hpp"
#include "geo/import/manifest.hpp"

namespace sna::geo {

/// Reads `postcodes` (optional) into `m.postcodes`.
/// @throws DataError naming the manifest and the key at fault
void read_postcodes(ObjectReader& top, Manifest& m);

}  // namespace sna::geo
