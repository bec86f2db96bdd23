#include "app/database_contents.hpp"

#include "geo/store/database.hpp"

namespace sna::app {

DatabaseContents read_database(const std::string& path) {
    geo::Database db(path, geo::Database::Mode::read_only);
    DatabaseContents out;
    out.areas = geo::read_stored_areas(db, true);
    out.data = server::DataIndex::load(db, out.areas);
    out.point_layers = geo::read_point_layers(db);
    for (const auto& layer : out.point_layers)
        out.points[layer.id] = geo::read_points(db, layer.id);
    db.close();
    return out;
}

}  // namespace sna::app
