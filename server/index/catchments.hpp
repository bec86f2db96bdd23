#pragma once
/// Catchments for the routes: the store (catchment_store.hpp), the projection of their lon/lat
/// shapes into the analysis CRS, and each catchment's overlaps with the small areas, computed
/// once per catchment and kept in a bounded LRU (the weights of both apportionment methods
/// follow from them). Shared by every tier: shapes and overlaps hold no reserved data.

#include "geo/core/area_overlap.hpp"
#include "geo/core/geometry.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/catchment_store.hpp"
#include "server/index/recent_cache.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sna::server {

struct ServerConfig;

/// How a catchment meets the areas of one set.
struct SetOverlaps {
    std::string set_id;
    std::vector<geo::AreaOverlap> overlaps;  ///< AreaOverlap::area indexes codes
    std::vector<std::string> codes;          ///< the area code of each overlap, in its order
};

struct CatchmentOverlaps {
    double area_m2 = 0;  ///< of the catchment, in the analysis CRS
    std::vector<SetOverlaps> sets;
    bool touches_any() const;
};

class Catchments {
public:
    /// `to_metres` projects lon/lat into the analysis CRS (that of AnalysisIndex); it is called
    /// under a lock, so it need not be thread-safe.
    Catchments(const ServerConfig& config, Projector to_metres);

    CatchmentStore& store() { return m_store; }
    const CatchmentStore& store() const { return m_store; }

    /// The catchment's overlaps with every area of `sets` (those the analysis index has),
    /// computed on first use for this id and set list, then from the cache.
    std::shared_ptr<const CatchmentOverlaps> overlaps(const std::string& id,
                                                      const geo::MultiPolygon& lonlat,
                                                      const AnalysisIndex& analysis,
                                                      const std::vector<std::string>& sets) const;

    /// `lonlat` projected into the analysis CRS. @throws geo::InvalidInput when a vertex cannot
    /// be projected.
    geo::MultiPolygon to_metres(const geo::MultiPolygon& lonlat) const;

private:
    CatchmentStore m_store;
    Projector m_project;
    mutable std::mutex m_project_mutex;
    mutable RecentCache<CatchmentOverlaps> m_overlaps;
};

}  // namespace sna::server
