#pragma once
/// The documents of a catchment: the catchment itself (GET /api/catchments/{id}) and its profile
/// (GET /api/catchments/{id}/profile) — every indicator of the small-area sets apportioned to it
/// (geo/analysis/apportion), with intervals and significance against each borough it touches,
/// the region and England, its constituent areas and the points inside it.

#include "geo/analysis/apportion.hpp"
#include "server/index/catchments.hpp"
#include "server/index/services.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace sna::server {

/// The catchment as a GeoJSON Feature, with its area and links to itself and its profile.
nlohmann::json catchment_json(const StoredCatchment& catchment, const Services& services);

/// The profile: the same shape as an area profile (profile_format 2), with "apportioned" on
/// each indicator, "boroughs" (each compared), "constituents" and "points".
/// @throws CatchmentRejected when the catchment touches no area of the data.
nlohmann::json catchment_profile_json(const Services& services, const StoredCatchment& catchment,
                                      const CatchmentOverlaps& overlaps,
                                      geo::ApportionMethod method,
                                      const std::set<std::string>& only = {});

}  // namespace sna::server
