#pragma once
/// What requests are answered from, as one tier of callers may see it (visibility.hpp): the data
/// index and everything built from it — analysis geometry, outlines, nearby points, tile layers,
/// the tile cache and the response memo. One world per tier, built once at start-up.

#include "geo/core/access.hpp"
#include "geo/store/database.hpp"
#include "geo/store/point_columns.hpp"
#include "geo/store/store_reader.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/index/point_directory.hpp"
#include "server/index/point_layer_view.hpp"
#include "server/index/postcode_directory.hpp"
#include "server/index/response_memo.hpp"
#include "server/index/services.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"

#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sna::server {

/// One point layer's points as read from the database, for every tier to share.
struct PointSource {
    std::shared_ptr<const geo::PointColumns> columns;
    std::shared_ptr<const geo::PointIndex> index;  ///< Web Mercator, for tiles
};

class World {
public:
    /// Read once from the database and shared by every tier's build.
    struct Sources {
        std::vector<geo::StoredArea> areas;  ///< with geometry
        std::vector<geo::StoredPointLayer> point_layers;
        geo::AccessRules rules;
        std::vector<geo::StoredPostcode> postcodes;
        /// Per point layer: its points as columns and their spatial index, shared by the tiers.
        /// Read on a thread of its own with its own connection (the first call may wait).
        /// @throws what reading them threw.
        const std::map<std::string, PointSource>& points() const { return m_points.get(); }
        /// Starts reading the points from another connection to `db`'s file, then reads the rest.
        static Sources read(geo::Database& db);

    private:
        std::shared_future<std::map<std::string, PointSource>> m_points;
    };

    /// The world callers in `groups` see. `db` stays open only for the build.
    World(geo::Database& db, const Sources& sources, const std::set<std::string>& groups,
          const ServerConfig& config);
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const DataIndex& data() const { return *m_data; }
    const TileCatalog& tiles() const { return *m_tiles; }
    /// How many indicators' default hotspots were computed at start-up.
    std::size_t hotspot_sets() const { return m_hotspot_sets; }
    /// How long each step of this world's build took (wall clock, seconds), in order: for the
    /// start-up log.
    const std::vector<std::pair<std::string, double>>& build_steps() const { return m_steps; }
    /// The groups this world was built for (empty: the public tier).
    const std::set<std::string>& data_groups() const { return m_groups; }
    /// What handlers use, with the server-wide parts (config, metrics, earlier versions).
    Services services(const ServerConfig& config, Metrics& metrics, const VersionArchive* archive);

private:
    /// Runs `step` and records its wall time as `name`.
    template <typename Step>
    void timed(const char* name, const Step& step);

    std::set<std::string> m_groups;
    std::size_t m_hotspot_sets = 0;
    std::vector<std::pair<std::string, double>> m_steps;
    std::unique_ptr<DataIndex> m_data;
    std::unique_ptr<AnalysisIndex> m_analysis;
    std::unique_ptr<AreaShapes> m_shapes;
    std::unique_ptr<PointDirectory> m_nearby;
    std::unique_ptr<PostcodeDirectory> m_postcodes;  ///< when this tier sees the postcode dataset
    std::unique_ptr<TileCatalog> m_tiles;
    std::unique_ptr<TileCache> m_cache;
    std::unique_ptr<TileCache> m_compressed;   ///< gzip variants of bodies (the router's coding)
    std::unique_ptr<TileCache> m_profiles;     ///< area profiles (gzip), per tier
    std::unique_ptr<AnalysisMemo> m_analyses;  ///< composite columns, hotspots
    ResponseMemo m_memo;
};

}  // namespace sna::server
