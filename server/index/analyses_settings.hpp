#pragma once
/// Reads the analyses settings a database was built with (meta key "analyses", written from the
/// manifest's `analyses` object; docs/manifest.md).

#include "geo/core/analyses_spec.hpp"

#include <string>

namespace sna::server {

/// Empty settings for an empty text (databases built before the key existed).
/// @throws geo::DataError when the stored JSON is not the documented shape.
geo::AnalysesSpec parse_analyses_settings(const std::string& json_text);

}  // namespace sna::server
