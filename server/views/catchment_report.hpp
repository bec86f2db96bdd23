#pragma once
/// The evidence pack of a catchment (/report/catchment/{id}): the area pack's layout filled from
/// the catchment's profile document (catchment_profile.hpp), so the pack, the profile and the
/// exports show the same figures; plus what only a catchment has — its definition, the
/// apportionment method and its caveats, and the small areas it is made of.

#include "geo/analysis/apportion.hpp"
#include "server/http/query.hpp"
#include "server/index/catchments.hpp"
#include "server/index/services.hpp"
#include "server/views/area_report.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sna::server {

/// "best fit by centroid" or "area-weighted".
std::string apportion_method_title(geo::ApportionMethod method);

/// How the catchment was defined, in words: "a circle of 2 km round longitude -1.8998,
/// latitude 52.4796", "the union of 3 wards (2022): E05011118, …", "an uploaded zip file".
std::string catchment_definition_text(const nlohmann::json& definition, const DataIndex& data);

/// The apportionment and its caveats in sentences (the profile's `methods` plus the centroid
/// caveat of docs/methods.md §12), for packs and exports.
std::vector<std::string> catchment_method_notes(const nlohmann::json& profile);

/// The pack; `profile` is catchment_profile_json() of the same catchment and method.
/// `query` may pin a data version (`v`).
AreaReport build_catchment_report(const Services& services,
                                  const std::shared_ptr<const StoredCatchment>& catchment,
                                  const nlohmann::json& profile, const Query& query,
                                  const std::string& base_url);

}  // namespace sna::server
