#pragma once
/// The SNA's priority-school list as /api/schools/priority serves it and the evidence packs cite.

#include "server/http/query.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <functional>

namespace sna::server {

/// `radius=1000[&limit=50][&phase=secondary]`. `checkpoint` is called before each school and
/// may throw to stop (RouteContext::check_alive). @throws geo::InvalidInput / geo::NotFound.
nlohmann::json priority_schools_json(const DataIndex& data, const AnalysisIndex& analysis,
                                     const Query& query,
                                     const std::function<void()>& checkpoint = {});

}  // namespace sna::server
