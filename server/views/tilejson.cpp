#include "server/views/tilejson.hpp"

#include "server/index/data_index.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/views/citations.hpp"

#include <algorithm>

namespace sna::server {

using nlohmann::json;

nlohmann::json layer_tilejson(const DataIndex& data, const TileCatalog& tiles,
                              const std::string& layer) {
    const LayerInfo* info = tiles.info(layer);
    const geo::BBox b = tiles.bounds(layer);
    json fields = json::object();
    for (const auto& f : tiles.fields(layer)) {
        const geo::Indicator* ind = data.indicator(f.name);
        fields[f.name] =
            ind ? ind->title + " (" + ind->unit + ", " + data.default_period(f.name) + ")"
                : std::string(geo::to_string(f.type));
    }
    const int min_zoom = tiles.min_zoom(layer), max_zoom = tiles.max_zoom(layer);
    return {{"name", info->title},
            {"description", info->description},
            {"version", "1.0.0"},
            {"minzoom", min_zoom},
            {"maxzoom", max_zoom},
            {"bounds", {b.min_x, b.min_y, b.max_x, b.max_y}},
            {"center", {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2, std::max(min_zoom, 9)}},
            {"attribution", attribution_of(data, info->dataset_ids)},
            {"vector_layers",
             {{{"id", layer},
               {"description", info->description},
               {"minzoom", min_zoom},
               {"maxzoom", max_zoom},
               {"fields", fields}}}},
            {"data_version", data.data_version()}};
}

}  // namespace sna::server
