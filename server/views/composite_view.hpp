#pragma once
/// The composite risk index of a request (weights, transform, rank-stability draws) as the JSON
/// document /api/composite serves; map images draw the same computation.

#include "server/http/query.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace sna::server {

/// The body of /api/composite: `indicators=id:weight,...` (weights 0–2) on `set`
/// (default_composite_set), or the "VRU risk" preset; `format=1|2`, `fields=` (docs/api.md).
/// With a memo, the indicators' columns come precomputed and results are cached per normalised
/// request (set, transform, weights in order, draws, seed); without, all is computed here.
/// @throws geo::InvalidInput / geo::NotFound for bad parameters.
std::string composite_body(const DataIndex& data, const Query& query,
                           const AnalysisMemo* memo = nullptr);

/// composite_body without a memo, parsed (for map images and tests).
nlohmann::json composite_json(const DataIndex& data, const Query& query);

/// A composite's scores (worse = higher) without rank-stability draws, for analyses that rank
/// areas by it (the gaps in provision).
struct CompositeScoring {
    std::string set;
    std::vector<double> scores;  ///< per area, in DataIndex::areas_in_set(set) order
    std::vector<std::string> indicator_ids;
    nlohmann::json summary;  ///< set, indicators (id, title, weight, polarity, period), transform
};

/// The scores of the composite a query names as /api/composite would (`indicators=`, `set=`,
/// `transform=`; the preset without `indicators`), `draws` ignored.
/// @throws geo::InvalidInput / geo::NotFound for bad parameters.
CompositeScoring composite_scoring(const DataIndex& data, const Query& query,
                                   const AnalysisMemo* memo = nullptr);

/// The set a composite is computed on when the request names none: that of the preset's first
/// indicator (the manifest's analyses.composite_preset), else the first area set.
std::string default_composite_set(const DataIndex& data);

/// The "VRU risk" preset (the manifest's analyses.composite_preset): (indicator id, weight 1)
/// pairs of the indicators published for `set`.
std::vector<std::pair<std::string, double>> vru_risk_preset(const DataIndex& data,
                                                            const std::string& set);

}  // namespace sna::server
