#pragma once
/// Analyses that depend on user input: the composite risk index (with rank stability), Getis-Ord
/// Gi* hotspots and the priority-school list (docs/api.md, docs/methods.md).

#include "server/analysis_index.hpp"
#include "server/data_index.hpp"
#include "server/http_message.hpp"
#include "server/query.hpp"

namespace sna::server {

/// `/api/composite?indicators=id:weight,...&set=lsoa21[&transform=z_score|exponential_rank][&draws=200][&seed=1]`
/// Without `indicators`, the documented "VRU risk" preset for the set.
HttpResponse handle_composite(const DataIndex& data, const Query& query);
/// `/api/hotspots?indicator=ID[&set=][&period=]`
HttpResponse handle_hotspots(const DataIndex& data, const AnalysisIndex& analysis,
                             const Query& query);
/// `/api/schools/priority?radius=1000[&limit=50][&phase=secondary]`
HttpResponse handle_priority_schools(const DataIndex& data, const AnalysisIndex& analysis,
                                     const Query& query);

/// The "VRU risk" preset: (indicator id, weight) pairs available on `set`.
std::vector<std::pair<std::string, double>> vru_risk_preset(const DataIndex& data,
                                                            const std::string& set);

}  // namespace sna::server
