#pragma once
/// What a static map shows: filled areas, outlines, a highlight and the furniture (title, legend,
/// source line, scale bar). Geometry is in Web Mercator metres (EPSG:3857) and is borrowed.

#include "geo/core/geometry.hpp"
#include "geo/render/colour.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

struct SceneArea {
    const MultiPolygon* geometry = nullptr;
    std::optional<Rgb> fill;  ///< nullopt: no data (drawn grey and hatched)
};

struct LegendItem {
    std::string label;
    Rgb colour;
};

struct MapScene {
    int width = 800;  ///< CSS pixels; the image is width*scale device pixels wide
    int height = 600;
    double scale = 1.0;
    BBox view;  ///< the part of the map to show; fit_view() gives it the image's aspect ratio
    std::vector<SceneArea> areas;
    std::vector<const MultiPolygon*> outlines;    ///< e.g. borough boundaries, drawn on top
    std::vector<const MultiPolygon*> highlights;  ///< drawn with a heavy dark outline
    /// User-defined areas (catchments): a dashed violet (#6a3d9a) line on a white halo, so they
    /// read apart from a highlighted area's solid black one.
    std::vector<const MultiPolygon*> catchments;
    Rgb no_data{0xc8 / 255.0, 0xc8 / 255.0, 0xc8 / 255.0};
    std::string title;
    std::string subtitle;
    std::string legend_title;
    std::vector<LegendItem> legend;  ///< empty: no legend
    bool legend_no_data = false;     ///< add a "No data" swatch
    std::string source_line;         ///< attribution; empty: none
    bool scale_bar = false;
};

/// `content` grown by `margin` (a fraction of its size on each side) and then widened or heightened
/// to the aspect ratio width:height, keeping its centre. A degenerate box gets a 500 m minimum.
BBox fit_view(BBox content, int width, int height, double margin);

/// A "nice" scale-bar length (1, 2 or 5 × 10^n metres) no longer than `max_metres`.
double nice_scale_length(double max_metres);

}  // namespace sna::geo
