#pragma once
/// A static map request (/api/map.png, /api/map.svg, report figures) turned into a scene to draw.

#include "geo/analysis/classification.hpp"
#include "geo/render/map_scene.hpp"
#include "server/http/query.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/views/choropleth.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sna::server {

/// Largest image side in device pixels (width × scale, height × scale).
constexpr int max_image_pixels = 4000;

/// The indicator id that asks for the composite risk index (`weights` as for /api/composite).
constexpr const char* composite_indicator_id = "composite";

struct MapView {
    std::string indicator_id;  ///< an indicator, or composite_indicator_id
    std::string weights;       ///< composite only: "id:w,id:w" (empty: the VRU risk preset)
    std::string set_id;        ///< the indicator's own set, or a parent set (values aggregated)
    std::string period;        ///< empty: the indicator's default period
    int classes = 5;
    geo::ClassMethod method = geo::ClassMethod::quantiles;
    std::optional<geo::BBox> bbox_lonlat;
    std::string fit_area;   ///< code of an area to fit (with a margin)
    std::string highlight;  ///< code of an area to outline
    /// A catchment (lon/lat) to fit and outline dashed; set by the caller from `catchment=`
    /// (parse_map_view does not see the catchment store). Wins over `fit_area` and the bbox.
    std::shared_ptr<const geo::MultiPolygon> catchment;
    std::string catchment_id;
    int width = 800;
    int height = 600;
    double scale = 1.0;
    bool legend = true;
    bool attribution = true;
    bool scale_bar = true;
    std::optional<std::string> title;  ///< nullopt: the indicator's title; "": none
};

/// Validates the query of a map request. @throws InvalidInput (→ 400) naming the parameter;
/// NotFound for an unknown indicator or area. Oversized images are checked by the caller.
MapView parse_map_view(const Query& query, const DataIndex& data);

/// What to draw and the datasets it shows (for the source line).
struct MapDrawing {
    geo::MapScene scene;
    /// The catchment in Web Mercator metres: scene.catchments points into it.
    std::shared_ptr<const geo::MultiPolygon> catchment_mercator;
    Choropleth choropleth;
    std::vector<std::string> dataset_ids;
};

/// Colours every area of the view's set, outlines boroughs, and adds the furniture.
MapDrawing draw_map_view(const MapView& view, const DataIndex& data, const AreaShapes& shapes);

}  // namespace sna::server
