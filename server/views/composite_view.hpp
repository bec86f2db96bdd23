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

/// The set a composite is computed on when the request names none: that of the preset's first
/// indicator (the manifest's analyses.composite_preset), else the first area set.
std::string default_composite_set(const DataIndex& data);

/// The "VRU risk" preset (the manifest's analyses.composite_preset): (indicator id, weight 1)
/// pairs of the indicators published for `set`.
std::vector<std::pair<std::string, double>> vru_risk_preset(const DataIndex& data,
                                                            const std::string& set);

}  // namespace sna::server
