#include "geo/render/map_painter.hpp"

#include "geo/render/text_layout.hpp"
#include "geo/tiles/mercator.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace sna::geo::detail {

namespace {

constexpr Rgb background{0xf7 / 255.0, 0xf7 / 255.0, 0xf7 / 255.0};
constexpr Rgb ink{0.13, 0.13, 0.13};
constexpr Rgb white{1, 1, 1};
constexpr Rgb catchment_violet{0x6a / 255.0, 0x3d / 255.0, 0x9a / 255.0};  // #6a3d9a

void set_colour(cairo_t* cr, const Rgb& c, double alpha = 1.0) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

/// Maps Web Mercator metres to frame units (y down).
struct ViewTransform {
    BBox view;
    double sx = 1, sy = 1;
    ViewTransform(const BBox& v, double width, double height)
        : view(v), sx(width / (v.max_x - v.min_x)), sy(height / (v.max_y - v.min_y)) {}
    double x(double mx) const { return (mx - view.min_x) * sx; }
    double y(double my) const { return (view.max_y - my) * sy; }
};

void add_path(cairo_t* cr, const MultiPolygon& geometry, const ViewTransform& t) {
    for (const Polygon& polygon : geometry.polygons) {
        for (const Ring& ring : polygon.rings) {
            if (ring.size() < 3) continue;
            cairo_move_to(cr, t.x(ring[0].x), t.y(ring[0].y));
            for (std::size_t i = 1; i < ring.size(); ++i)
                cairo_line_to(cr, t.x(ring[i].x), t.y(ring[i].y));
            cairo_close_path(cr);
        }
    }
}

bool is_visible(const MultiPolygon& geometry, const BBox& view) {
    return bbox_of(geometry).intersects(view);
}

/// Diagonal hatching over the current path (which it consumes), so "no data" does not rely on
/// colour alone.
void hatch_path(cairo_t* cr, double width, double height) {
    cairo_save(cr);
    cairo_clip(cr);
    cairo_set_source_rgba(cr, 0.45, 0.45, 0.45, 0.8);
    cairo_set_line_width(cr, 0.8);
    for (double d = -height; d < width; d += 6) {
        cairo_move_to(cr, d, height);
        cairo_line_to(cr, d + height, 0);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void paint_areas(cairo_t* cr, const MapScene& scene, const ViewTransform& t, double width,
                 double height) {
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (const SceneArea& area : scene.areas) {
        if (!area.geometry || !is_visible(*area.geometry, t.view)) continue;
        add_path(cr, *area.geometry, t);
        set_colour(cr, area.fill.value_or(scene.no_data));
        cairo_fill_preserve(cr);
        set_colour(cr, white, 0.7);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke_preserve(cr);
        if (area.fill) {
            cairo_new_path(cr);
        } else {
            hatch_path(cr, width, height);  // consumes the path
        }
    }
}

void stroke_all(cairo_t* cr, const std::vector<const MultiPolygon*>& shapes, const ViewTransform& t,
                const Rgb& colour, double line_width, bool dashed = false) {
    if (shapes.empty()) return;
    for (const MultiPolygon* shape : shapes) {
        if (!shape || !is_visible(*shape, t.view)) continue;
        add_path(cr, *shape, t);
    }
    set_colour(cr, colour);
    cairo_set_line_width(cr, line_width);
    const double dashes[] = {3 * line_width, 1.6 * line_width};
    cairo_set_dash(cr, dashes, dashed ? 2 : 0, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
}

/// A translucent white panel behind furniture so it reads over any fill.
void panel(cairo_t* cr, double x, double y, double w, double h) {
    cairo_rectangle(cr, x, y, w, h);
    set_colour(cr, white, 0.88);
    cairo_fill(cr);
}

void paint_title(cairo_t* cr, const MapScene& scene, double width) {
    if (scene.title.empty()) return;
    const Font title_font{15, true}, sub_font{11, false};
    const double max_w = width - 20;
    const auto lines = wrap_text(cr, title_font, scene.title, max_w - 12);
    const auto sub = scene.subtitle.empty() ? std::vector<std::string>{}
                                            : wrap_text(cr, sub_font, scene.subtitle, max_w - 12);
    double w = 0;
    for (const auto& l : lines) w = std::max(w, text_width(cr, title_font, l));
    for (const auto& l : sub) w = std::max(w, text_width(cr, sub_font, l));
    const double h =
        8 + 19.0 * static_cast<double>(lines.size()) + 14.0 * static_cast<double>(sub.size());
    panel(cr, 10, 10, std::min(max_w, w + 12), h);
    set_colour(cr, ink);
    double y = 10 + 19;
    for (const auto& l : lines) {
        draw_text(cr, title_font, l, 16, y - 4);
        y += 19;
    }
    for (const auto& l : sub) {
        draw_text(cr, sub_font, l, 16, y - 6);
        y += 14;
    }
}

void paint_legend(cairo_t* cr, const MapScene& scene, double height, double bottom_reserved) {
    if (scene.legend.empty()) return;
    const Font font{11, false}, head{11, true};
    std::vector<LegendItem> items = scene.legend;
    if (scene.legend_no_data) items.push_back({"No data", scene.no_data});
    double w = text_width(cr, head, scene.legend_title);
    for (const auto& item : items) w = std::max(w, 22 + text_width(cr, font, item.label));
    const double row = 16;
    const double h =
        10 + (scene.legend_title.empty() ? 0 : row) + row * static_cast<double>(items.size());
    const double x = 10, y = height - bottom_reserved - 10 - h;
    panel(cr, x, y, w + 16, h);
    double cy = y + 6;
    if (!scene.legend_title.empty()) {
        set_colour(cr, ink);
        draw_text(cr, head, scene.legend_title, x + 8, cy + 11);
        cy += row;
    }
    for (const auto& item : items) {
        cairo_rectangle(cr, x + 8, cy + 1, 14, 12);
        set_colour(cr, item.colour);
        cairo_fill_preserve(cr);
        if (&item == &items.back() && scene.legend_no_data) hatch_path(cr, x + 30, cy + 20);
        cairo_rectangle(cr, x + 8, cy + 1, 14, 12);
        set_colour(cr, ink, 0.5);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        set_colour(cr, ink);
        draw_text(cr, font, item.label, x + 28, cy + 11);
        cy += row;
    }
}

std::string distance_label(double metres) {
    std::ostringstream s;
    if (metres >= 1000) {
        s << metres / 1000 << " km";
    } else {
        s << metres << " m";
    }
    return s.str();
}

void paint_scale_bar(cairo_t* cr, const MapScene& scene, const ViewTransform& t, double width,
                     double height, double bottom_reserved) {
    if (!scene.scale_bar) return;
    const double centre_y = (t.view.min_y + t.view.max_y) / 2;
    const double lat = mercator_to_lonlat({0, centre_y}).y;
    const double ground_per_unit = std::cos(lat * M_PI / 180.0) / t.sx;  // metres per frame unit
    const double metres = nice_scale_length(width / 5 * ground_per_unit);
    if (metres <= 0) return;
    const double bar = metres / ground_per_unit;
    const double x = width - 20 - bar, y = height - bottom_reserved - 18;
    panel(cr, x - 6, y - 16, bar + 12, 26);
    set_colour(cr, ink);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, x, y - 4);
    cairo_line_to(cr, x, y);
    cairo_line_to(cr, x + bar, y);
    cairo_line_to(cr, x + bar, y - 4);
    cairo_stroke(cr);
    draw_text(cr, Font{10, false}, distance_label(metres), x, y - 6);
}

double paint_source_line(cairo_t* cr, const MapScene& scene, double width, double height) {
    if (scene.source_line.empty()) return 0;
    const Font font{9, false};
    const auto lines = wrap_text(cr, font, scene.source_line, width - 12);
    const double h = 4 + 11.0 * static_cast<double>(lines.size());
    panel(cr, 0, height - h, width, h);
    set_colour(cr, ink);
    double y = height - h + 11;
    for (const auto& l : lines) {
        draw_text(cr, font, l, 6, y - 2);
        y += 11;
    }
    return h;
}

}  // namespace

void paint_map(cairo_t* cr, const MapScene& scene, double width, double height) {
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_clip(cr);
    set_colour(cr, background);
    cairo_paint(cr);
    const ViewTransform t(scene.view, width, height);
    paint_areas(cr, scene, t, width, height);
    stroke_all(cr, scene.outlines, t, Rgb{0.2, 0.2, 0.2}, 1.2);
    stroke_all(cr, scene.highlights, t, white, 5);
    stroke_all(cr, scene.highlights, t, Rgb{0, 0, 0}, 2.5);
    stroke_all(cr, scene.catchments, t, white, 5.5);
    stroke_all(cr, scene.catchments, t, catchment_violet, 3, true);
    paint_title(cr, scene, width);
    const double bottom = paint_source_line(cr, scene, width, height);
    paint_legend(cr, scene, height, bottom);
    paint_scale_bar(cr, scene, t, width, height, bottom);
    cairo_restore(cr);
}

}  // namespace sna::geo::detail
