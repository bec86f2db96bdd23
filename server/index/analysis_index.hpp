#pragma once
/// Geometry-based analysis inputs kept in memory: area shapes per set (for contiguity and
/// school surroundings) and the schools. Neighbour lists are built on first use per set.

#include "geo/analysis/contiguity.hpp"
#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"
#include "geo/store/store_reader.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sna::server {

struct SchoolEntry {
    std::int64_t fid = 0;
    std::string urn;
    std::string name;
    std::string phase;
    std::string borough;  ///< lad code from the spatial join
    geo::Point lonlat;
    geo::Point metric;  ///< projected (EPSG:27700 for England), as the area geometries
    std::map<std::string, double> numbers;  ///< numeric attributes (headcounts, exclusions)
};

/// A service of a service layer (kind "service"), projected like the areas.
struct ServiceEntry {
    std::string name;
    std::string category;
    bool approximate = false;  ///< placed inside a named area, not at its own address
    geo::Point lonlat;
    geo::Point metric;
};

/// Projects lon/lat points in place into a CRS in metres (e.g. EPSG:27700 through PROJ, in the
/// app); returns how many points could not be projected. Keeps PROJ out of the server module.
using Projector = std::function<std::size_t(std::vector<geo::Point>&)>;

class AnalysisIndex {
public:
    /// Projects every area and school once, at load, with `to_metres`.
    /// @throws geo::Error when any coordinate cannot be projected.
    /// `borough_set` is the local-authority set whose code each school's borough is;
    /// `services`: the service layers' points by layer id (projected too).
    AnalysisIndex(const std::vector<geo::StoredArea>& areas,
                  const std::vector<geo::StoredPoint>& schools, const Projector& to_metres,
                  const std::string& borough_set,
                  const std::map<std::string, std::vector<geo::StoredPoint>>& services = {});

    bool has_set(const std::string& set_id) const { return m_sets.count(set_id) > 0; }
    /// Codes of a set in the order of its geometries.
    const std::vector<std::string>& codes(const std::string& set_id) const;
    /// Geometries projected by the index's projector (metres; EPSG:27700 for England).
    const std::vector<geo::MultiPolygon>& metric_geometry(const std::string& set_id) const;
    const geo::PackedRTree& metric_index(const std::string& set_id) const;
    /// Rook contiguity (shared boundary), computed once per set.
    const geo::Neighbours& neighbours(const std::string& set_id) const;
    const std::vector<SchoolEntry>& schools() const { return m_schools; }
    /// The services of a service layer, or nullptr when the index has no such layer.
    const std::vector<ServiceEntry>* services(const std::string& layer) const;

private:
    struct SetShapes {
        std::vector<std::string> codes;
        std::vector<geo::MultiPolygon> metric;
        geo::PackedRTree index;
        mutable std::once_flag neighbours_once;
        mutable geo::Neighbours neighbours;
    };
    const SetShapes& shapes(const std::string& set_id) const;

    std::map<std::string, std::unique_ptr<SetShapes>> m_sets;
    std::vector<SchoolEntry> m_schools;
    std::map<std::string, std::vector<ServiceEntry>> m_services;
};

}  // namespace sna::server
