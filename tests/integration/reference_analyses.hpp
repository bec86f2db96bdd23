#pragma once
/// The composite and hotspot documents computed per request as before the precomputed columns
/// (issue "API at memory speed"): the row-major composite with comparison-sort ranks and
/// nth_element percentiles, and Gi* over the values read per request, shaped as json trees. The
/// equality reference for the memoised answers.

#include "server/http/query.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

namespace sna::test::reference {

/// The format-1 /api/composite document.
nlohmann::json composite_json(const server::DataIndex& data, const server::Query& query);

/// The format-1 /api/hotspots document.
nlohmann::json hotspots_json(const server::DataIndex& data, const server::AnalysisIndex& analysis,
                             const server::Query& query);

}  // namespace sna::test::reference
