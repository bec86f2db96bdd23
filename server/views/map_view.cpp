#include "server/views/map_view.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/render/colour.hpp"
#include "geo/tiles/mercator.hpp"
#include "geo/tiles/projection.hpp"
#include "server/views/citations.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/value_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <unordered_map>

namespace sna::server {

namespace {

bool flag(const Query& query, const std::string& key, bool fallback) {
    const auto value = query.get(key);
    if (!value) return fallback;
    if (*value == "1" || *value == "true" || *value == "yes") return true;
    if (*value == "0" || *value == "false" || *value == "no") return false;
    throw geo::InvalidInput("'" + key + "' must be 1 or 0, got '" + *value + "'");
}

geo::BBox parse_bbox(const std::string& text) {
    std::vector<double> v;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto number = number_or_nullopt(part);
        if (!number || !std::isfinite(*number))
            throw geo::InvalidInput("bbox: '" + part + "' is not a finite number");
        v.push_back(*number);
    }
    if (v.size() != 4 || v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -85 ||
        v[3] > 85) {
        throw geo::InvalidInput(
            "bbox must be west,south,east,north in degrees with west < east and south < north");
    }
    return {v[0], v[1], v[2], v[3]};
}

double parse_scale(const Query& query) {
    const auto text = query.get("scale");
    if (!text) return 1.0;
    const auto value = number_or_nullopt(*text);
    if (!value || !std::isfinite(*value) || *value < 1 || *value > 4)
        throw geo::InvalidInput("scale must be a number from 1 to 4, got '" + *text + "'");
    return *value;
}

bool is_parent_set(const DataIndex& data, const std::string& child, const std::string& parent) {
    const auto& areas = data.areas_in_set(child);
    return !areas.empty() && areas.front()->parents.count(parent) > 0;
}

const AreaEntry* find_area(const DataIndex& data, const std::string& code) {
    const auto found = data.areas_with_code(code);
    if (found.empty()) throw geo::NotFound("no area with code '" + code + "'");
    return found.front();
}

/// The composite index of a view, from the same computation as /api/composite.
struct CompositeScores {
    std::unordered_map<std::string, std::optional<double>> values;
    std::vector<std::string> indicator_ids;
};

CompositeScores composite_scores(const MapView& view, const DataIndex& data) {
    std::map<std::string, std::string> params{{"set", view.set_id}, {"draws", "0"}};
    if (!view.weights.empty()) params["indicators"] = view.weights;
    const nlohmann::json body = composite_json(data, Query(params));
    CompositeScores out;
    for (const auto& [code, v] : body["values"].items())
        out.values[code] =
            v["score"].is_number() ? std::optional<double>(v["score"].get<double>()) : std::nullopt;
    for (const auto& i : body["indicators"])
        out.indicator_ids.push_back(i["id"].get<std::string>());
    return out;
}

/// The composite drawn like an indicator: higher = more risk, plain numbers.
const geo::Indicator& composite_indicator() {
    static const geo::Indicator indicator = [] {
        geo::Indicator i;
        i.id = composite_indicator_id;
        i.title = "Composite risk index";
        i.polarity = geo::Polarity::higher_is_worse;
        i.value_kind = "score";
        i.unit = "index (higher = more risk)";
        return i;
    }();
    return indicator;
}

void parse_frame(const Query& query, const DataIndex& data, MapView& view) {
    view.classes = static_cast<int>(query.integer("classes", 5, 3, 7));
    view.method = geo::class_method_from_string(query.get_or("method", "quantiles"));
    if (const auto bbox = query.get("bbox")) view.bbox_lonlat = parse_bbox(*bbox);
    view.fit_area = query.get_or("area", "");
    if (!view.fit_area.empty()) find_area(data, view.fit_area);
    view.highlight = query.get_or("highlight", view.fit_area);
    if (!view.highlight.empty()) find_area(data, view.highlight);
    view.width = static_cast<int>(query.integer("width", 800, 64, max_image_pixels));
    view.height = static_cast<int>(query.integer("height", 600, 64, max_image_pixels));
    view.scale = parse_scale(query);
    view.legend = flag(query, "legend", true);
    view.attribution = flag(query, "attribution", true);
    view.scale_bar = flag(query, "scalebar", true);
    view.title = query.get("title");
}

/// indicator=composite: the composite index of `weights` on `set` (default_composite_set),
/// validated by computing it once here so bad weights are a 400 before any drawing.
MapView parse_composite_view(const Query& query, const DataIndex& data) {
    MapView view;
    view.indicator_id = composite_indicator_id;
    view.set_id = query.get_or("set", default_composite_set(data));
    view.weights = query.get_or("weights", "");
    composite_scores(view, data);
    parse_frame(query, data, view);
    return view;
}

}  // namespace

MapView parse_map_view(const Query& query, const DataIndex& data) {
    MapView view;
    view.indicator_id = query.require("indicator");
    if (view.indicator_id == composite_indicator_id) return parse_composite_view(query, data);
    const geo::Indicator* indicator = data.indicator(view.indicator_id);
    if (!indicator)
        throw geo::NotFound("no indicator '" + view.indicator_id + "' (see /api/indicators)");
    view.set_id = query.get_or("set", indicator->set_id);
    if (view.set_id != indicator->set_id && !is_parent_set(data, indicator->set_id, view.set_id)) {
        throw geo::InvalidInput("indicator '" + view.indicator_id + "' is published for '" +
                                indicator->set_id + "' and cannot be shown on set '" + view.set_id +
                                "'");
    }
    view.period = query.get_or("period", "");
    if (!view.period.empty()) {
        const auto& periods = data.periods(view.indicator_id);
        if (std::find(periods.begin(), periods.end(), view.period) == periods.end()) {
            throw geo::InvalidInput("indicator '" + view.indicator_id + "' has no period '" +
                                    view.period + "'");
        }
    }
    parse_frame(query, data, view);
    return view;
}

namespace {

std::unordered_map<std::string, std::optional<double>> values_on_set(
    const MapView& view, const DataIndex& data, const geo::Indicator& indicator,
    const std::string& period) {
    std::unordered_map<std::string, std::optional<double>> out;
    for (const AreaEntry* a : data.areas_in_set(view.set_id)) {
        if (view.set_id == indicator.set_id) {
            const std::optional<ValueEntry> v = data.value(indicator.id, a->code, period);
            const bool shown = v && !data.suppressed(indicator, *v);  // small numbers withheld
            out[a->code] = shown ? v->value : std::nullopt;
        } else {
            out[a->code] = data.comparator(indicator.id, period, view.set_id, a->code).value;
        }
    }
    return out;
}

geo::BBox view_box(const MapView& view, const DataIndex& data, const AreaShapes& shapes,
                   const geo::MultiPolygon* catchment) {
    if (catchment) return geo::fit_view(geo::bbox_of(*catchment), view.width, view.height, 0.3);
    if (view.bbox_lonlat) {
        const geo::Point lo =
            geo::lonlat_to_mercator({view.bbox_lonlat->min_x, view.bbox_lonlat->min_y});
        const geo::Point hi =
            geo::lonlat_to_mercator({view.bbox_lonlat->max_x, view.bbox_lonlat->max_y});
        return geo::fit_view({lo.x, lo.y, hi.x, hi.y}, view.width, view.height, 0.0);
    }
    if (!view.fit_area.empty()) {
        const AreaEntry* a = find_area(data, view.fit_area);
        const geo::MultiPolygon* shape = shapes.shape(a->set_id, a->code);
        if (shape) return geo::fit_view(geo::bbox_of(*shape), view.width, view.height, 0.35);
    }
    return geo::fit_view(shapes.bounds(view.set_id), view.width, view.height, 0.03);
}

std::string set_title(const DataIndex& data, const std::string& set_id) {
    for (const auto& [set, count] : data.area_sets())
        if (set.id == set_id) return set.title;
    return set_id;
}

template <typename Values>
void add_legend(geo::MapScene& scene, const Choropleth& choropleth, const geo::Indicator& indicator,
                const Values& values) {
    const auto labels = choropleth.legend_labels();
    for (std::size_t i = 0; i < labels.size(); ++i)
        scene.legend.push_back({labels[i], geo::rgb_from_hex(choropleth.colours[i])});
    scene.legend_title = unit_label(indicator).empty() ? "Value" : unit_label(indicator);
    scene.legend_no_data =
        std::any_of(values.begin(), values.end(), [](const auto& e) { return !e.second; });
}

/// The composite's sources: its indicators' datasets, then the boundaries.
std::vector<std::string> composite_datasets(const DataIndex& data, const std::string& set_id,
                                            const std::vector<std::string>& indicator_ids) {
    std::vector<std::string> out = {boundary_dataset(data, set_id)};
    for (const auto& id : indicator_ids) {
        const std::string& dataset = data.indicator(id)->dataset_id;
        if (std::find(out.begin(), out.end(), dataset) == out.end())
            out.insert(out.begin(), dataset);
    }
    return out;
}

/// The line under the map: the notice of reserved data (shown even without attribution), then
/// the sources.
std::string source_line(const MapView& view, const DataIndex& data,
                        const std::vector<std::string>& dataset_ids, const std::string& notice) {
    std::string line = notice;
    if (!view.attribution) return line;
    line += (line.empty() ? "" : " ") + std::string("Source: ");
    for (const auto& id : dataset_ids) line += citation_text(data, id) + " ";
    return line + attribution_of(data, dataset_ids) + " Data version " + data.data_version() +
           ", snamap.";
}

/// The view's catchment, if any, projected and outlined over the areas.
void add_catchment(const MapView& view, MapDrawing& out) {
    if (!view.catchment) return;
    out.catchment_mercator =
        std::make_shared<const geo::MultiPolygon>(geo::project_to_mercator(*view.catchment));
    out.scene.catchments.push_back(out.catchment_mercator.get());
}

}  // namespace

MapDrawing draw_map_view(const MapView& view, const DataIndex& data, const AreaShapes& shapes) {
    const bool composite = view.indicator_id == composite_indicator_id;
    const geo::Indicator& indicator =
        composite ? composite_indicator() : *data.indicator(view.indicator_id);
    CompositeScores scores;
    if (composite) scores = composite_scores(view, data);
    const std::string period = composite             ? "current data"
                               : view.period.empty() ? data.default_period(indicator.id)
                                                     : view.period;
    const auto values = composite ? scores.values : values_on_set(view, data, indicator, period);
    std::vector<double> finite;
    for (const auto& [code, v] : values)
        if (v) finite.push_back(*v);
    MapDrawing out;
    out.choropleth =
        make_choropleth_of(std::move(finite), indicator, period, view.classes, view.method);
    geo::MapScene& scene = out.scene;
    scene.width = view.width;
    scene.height = view.height;
    scene.scale = view.scale;
    for (const auto& [code, shape] : shapes.set(view.set_id)) {
        const auto it = values.find(code);
        const auto colour =
            out.choropleth.colour_of(it == values.end() ? std::nullopt : it->second);
        scene.areas.push_back(
            {&shape, colour ? std::optional<geo::Rgb>(geo::rgb_from_hex(*colour)) : std::nullopt});
    }
    if (!data.borough_set().empty() && view.set_id != data.borough_set())
        for (const auto& entry : shapes.set(data.borough_set()))
            scene.outlines.push_back(&entry.second);
    if (!view.highlight.empty()) {
        const AreaEntry* a = find_area(data, view.highlight);
        if (const auto* shape = shapes.shape(a->set_id, a->code)) scene.highlights.push_back(shape);
    }
    add_catchment(view, out);
    scene.view = view_box(view, data, shapes, out.catchment_mercator.get());
    scene.title = view.title.value_or(indicator.title);
    if (!scene.title.empty())
        scene.subtitle = set_title(data, view.set_id) + " · " + period_label(period);
    if (view.legend) add_legend(scene, out.choropleth, indicator, values);
    if (!composite) {
        out.dataset_ids = datasets_for_map(data, indicator, view.set_id);
    } else {
        out.dataset_ids = composite_datasets(data, view.set_id, scores.indicator_ids);
        if (!view.title) {
            scene.title = "Composite risk index";
            scene.subtitle = set_title(data, view.set_id) + " · " +
                             (view.weights.empty() ? "VRU risk preset" : "weights " + view.weights);
        }
    }
    const auto reserved = data.reservations().seen_among(
        composite ? scores.indicator_ids : std::vector<std::string>{indicator.id});
    scene.source_line = source_line(view, data, out.dataset_ids, reserved_notice(reserved));
    scene.scale_bar = view.scale_bar;
    return out;
}

}  // namespace sna::server
