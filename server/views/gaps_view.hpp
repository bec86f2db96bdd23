#pragma once
/// Provision against need (docs/api.md, "/api/gaps"; docs/methods.md, "Gaps in provision"): the
/// high-need areas of an indicator or the composite that no service reaches, each service
/// reaching as far as the manifest's `reach` (or a radius given), and the share of the high-need
/// population within reach per borough. The computation is geo/analysis/service_gaps.

#include "geo/analysis/service_gaps.hpp"
#include "geo/store/store_reader.hpp"
#include "server/http/query.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::server {

/// A gap analysis asked for, checked against the data.
struct GapsRequest {
    std::string need_id;  ///< an indicator id, or "composite"
    std::string set;
    std::string period;         ///< the indicator's (default period when not asked)
    bool hotspot_rule = false;  ///< rule=hotspot: Gi* hot spots at 95/99 %; else the top percent
    double top_percent = 10;
    std::optional<double> radius_m;  ///< radius= overriding the manifest's reach
    std::string layer;               ///< the service layer
};

/// One gap analysis over every area of the set (positions as DataIndex::areas_in_set(set)).
struct GapAnalysis {
    GapsRequest request;
    const geo::StoredPointLayer* layer = nullptr;
    const std::vector<ServiceEntry>* services = nullptr;
    std::vector<double> radius_m;                      ///< per service
    std::map<std::string, double> radius_by_category;  ///< per category of the layer's services
    std::vector<const AreaEntry*> areas;
    std::vector<std::optional<double>> value;  ///< as published (the score for the composite)
    std::vector<std::size_t> rank;  ///< 1 = highest need among areas with a value; 0 = none
    std::vector<bool> high_need;
    std::vector<geo::AreaReach> reach;  ///< filled for high-need areas
    nlohmann::json need;                ///< what need is measured by (indicator or composite)
    std::vector<std::string> indicator_ids;
    std::string unit;  ///< the indicator's unit ("" for the composite)
};

/// Why a caller cannot have the analysis: a service layer reserved to groups they are not in.
struct GapsRefusal {
    std::vector<std::string> items;  ///< "layer 'x'" when named, else "the service layers"
    std::set<std::string> groups;
};

/// The request's service layer when the tier may use it, else what to refuse.
/// @throws geo::NotFound when no service layer has that id in any tier (or there are none)
std::optional<GapsRefusal> gaps_refusal(const DataIndex& data, const Query& query);

/// `indicator=ID|composite` (with the composite's `indicators=`, `transform=`), `set=`,
/// `period=`, `rule=decile|hotspot`, `top=` percent, `radius=` metres, `layer=`.
/// @throws geo::InvalidInput / geo::NotFound for bad parameters, naming them.
GapAnalysis analyse_gaps(const DataIndex& data, const AnalysisIndex& analysis,
                         const AnalysisMemo* memo, const Query& query);

/// Coverage of the areas `within` selects, by borough code and "" for all of them.
/// @pre within.size() == gaps.areas.size()
std::map<std::string, geo::Coverage> gap_coverage(const DataIndex& data, const GapAnalysis& gaps,
                                                  const std::vector<bool>& within);

/// The high-need areas among those `within` selects, reached or not, by need rank (1 first).
std::vector<std::size_t> high_need_areas(const GapAnalysis& gaps, const std::vector<bool>& within,
                                         bool reached);

/// The body of /api/gaps (docs/api.md).
nlohmann::json gaps_json(const DataIndex& data, const GapAnalysis& gaps);

/// "1.5 km" / "800 m": a radius as people read it.
std::string distance_text(double metres);

}  // namespace sna::server
