#pragma once
/// A service layer's `reach` in the manifest (docs/manifest.md), and its JSON in the stored
/// analyses settings, read apart from manifest.cpp.

#include "geo/core/analyses_spec.hpp"
#include "geo/import/json_object_reader.hpp"
#include "geo/import/manifest.hpp"

#include <nlohmann/json.hpp>

namespace sna::geo {

/// Reads `reach` (optional) of the point layer `p` into `analyses.service_reach[p.id]`:
/// `{"default_m": 1500, "by_category": {"Step Together": 1000}}`, radii in metres.
/// @throws DataError naming the manifest and the member at fault (a reach on a layer that is not
/// of kind "service", a missing, non-positive or implausibly large radius)
void read_service_reach(ObjectReader& r, const PointSource& p, AnalysesSpec& analyses);

/// `{"layer": {"default_m": …, "by_category": {…}}}`, as stored under analyses.service_reach.
nlohmann::json service_reach_json(const std::map<std::string, ServiceReach>& reach);

}  // namespace sna::geo
