#pragma once
/// Getis-Ord Gi* hotspots of an indicator as the JSON document /api/hotspots serves.

#include "server/http/query.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/data_index.hpp"

#include <string>

namespace sna::server {

/// `indicator=ID[&set=][&period=][&format=1|2][&fields=…]` (docs/api.md). With a memo the Gi*
/// come from it (default periods precomputed at start-up, others cached); without, computed.
/// @throws geo::InvalidInput / geo::NotFound for bad parameters.
std::string hotspots_body(const DataIndex& data, const AnalysisIndex& analysis,
                          const AnalysisMemo* memo, const Query& query);

}  // namespace sna::server
