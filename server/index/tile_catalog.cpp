#include "server/index/tile_catalog.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"

namespace sna::server {

namespace {

using geo::Property;

/// Headline indicators of a set: configured ones, or by default the scores, rates and shares
/// published for it (at most 8), so plain MapLibre/QGIS clients can style without the API. Taken
/// theme by theme in turn (first of each theme, then second, …) so one theme with many
/// indicators (crime rates per category) does not crowd out the others.
std::vector<std::string> headline_for(const DataIndex& data, const std::string& set,
                                      const ServerConfig& config) {
    const auto configured = config.headline_indicators.find(set);
    if (configured != config.headline_indicators.end()) return configured->second;
    std::vector<std::string> themes;
    std::map<std::string, std::vector<std::string>> by_theme;
    for (const auto& i : data.indicators()) {
        if (i.set_id != set) continue;
        if (i.value_kind == "score" || i.value_kind == "percentage" ||
            i.value_kind == "proportion" || i.value_kind == "rate") {
            if (!by_theme.count(i.theme)) themes.push_back(i.theme);
            by_theme[i.theme].push_back(i.id);
        }
    }
    std::vector<std::string> ids;
    for (std::size_t round = 0; ids.size() < 8; ++round) {
        bool any = false;
        for (const auto& theme : themes) {
            const auto& list = by_theme[theme];
            if (round >= list.size() || ids.size() >= 8) continue;
            ids.push_back(list[round]);
            any = true;
        }
        if (!any) break;
    }
    return ids;
}

std::vector<Property> area_properties(const DataIndex& data, const geo::StoredArea& a,
                                      const std::vector<std::string>& headline) {
    std::vector<Property> props = {{"code", a.area.code}, {"name", a.area.name}};
    for (const auto& [parent_set, parent_code] : a.parents)
        props.push_back({parent_set + "_code", parent_code});
    for (const auto& id : headline) {
        const std::optional<ValueEntry> v = data.value(id, a.area.code, data.default_period(id));
        if (!v || !v->value) continue;
        const geo::Indicator* indicator = data.indicator(id);
        if (indicator && data.suppressed(*indicator, *v)) {
            // MVT has no null: leave the value out and say why (small-number rule).
            props.push_back({id + "_suppressed", true});
            continue;
        }
        props.push_back({id, *v->value});
        if (v->national_decile)
            props.push_back({id + "_decile", static_cast<std::int64_t>(*v->national_decile)});
    }
    return props;
}

geo::TileLayerOptions layer_options(const std::string& id, std::pair<int, int> default_zooms,
                                    const ServerConfig& config) {
    geo::TileLayerOptions options;
    options.name = id;
    std::tie(options.min_zoom, options.max_zoom) = default_zooms;
    const auto zooms = config.layer_zooms.find(id);
    if (zooms != config.layer_zooms.end())
        std::tie(options.min_zoom, options.max_zoom) = zooms->second;
    options.buffer = config.tile_buffer;
    return options;
}

}  // namespace

std::pair<int, int> default_area_zooms(geo::AreaLevel level) {
    switch (level) {
        case geo::AreaLevel::region:
        case geo::AreaLevel::local_authority:
            return {0, 14};
        case geo::AreaLevel::ward:
            return {6, 16};
        case geo::AreaLevel::small_area:
        case geo::AreaLevel::other:
            break;
    }
    return {8, 16};  // LSOAs and anything finer
}

std::pair<int, int> default_point_zooms(const std::string& kind) {
    return kind == "incident" ? std::make_pair(10, 16) : std::make_pair(6, 16);
}

TileCatalog::TileCatalog(const DataIndex& data, std::vector<geo::StoredArea> areas,
                         std::vector<PointLayerTiles> point_layers, const ServerConfig& config) {
    std::map<std::string, std::vector<geo::AreaFeature>> features;
    std::map<std::string, std::vector<std::string>> headlines;
    for (const auto& [set, _] : data.area_sets())
        headlines[set.id] = headline_for(data, set.id, config);
    for (auto& a : areas) {
        features[a.area.set_id].push_back({static_cast<std::uint64_t>(a.fid),
                                           std::move(a.area.geometry),
                                           area_properties(data, a, headlines[a.area.set_id])});
    }
    for (const auto& [set, count] : data.area_sets()) {
        Layer layer;
        layer.info = {set.id,           set.title,
                      "areas",          set.title + " (" + std::to_string(count) + " areas)",
                      {set.dataset_id}, headlines[set.id]};
        layer.areas = std::make_unique<geo::AreaTileLayer>(
            std::move(features[set.id]),
            layer_options(set.id, default_area_zooms(set.level), config));
        m_layers.emplace(set.id, std::move(layer));
    }
    for (auto& p : point_layers) {
        const geo::StoredPointLayer& pl = p.layer;
        Layer layer;
        layer.info = {
            pl.id,           pl.title,
            "points",        pl.title + " (" + std::to_string(pl.point_count) + " points)",
            {pl.dataset_id}, {}};
        auto fields = p.view->fields();
        layer.points = std::make_unique<geo::PointTileLayer>(
            std::move(p.index), std::move(p.view), std::move(fields),
            layer_options(pl.id, default_point_zooms(pl.kind), config));
        m_layers.emplace(pl.id, std::move(layer));
    }
}

std::vector<std::string> TileCatalog::layer_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, _] : m_layers) ids.push_back(id);
    return ids;
}

const LayerInfo* TileCatalog::info(const std::string& id) const {
    const auto it = m_layers.find(id);
    return it == m_layers.end() ? nullptr : &it->second.info;
}

const TileCatalog::Layer& TileCatalog::layer(const std::string& id) const {
    const auto it = m_layers.find(id);
    if (it == m_layers.end()) throw geo::NotFound("no tile layer '" + id + "' (see /catalog)");
    return it->second;
}

std::optional<std::string> TileCatalog::encode(const std::string& id,
                                               const geo::TileId& tile) const {
    const Layer& l = layer(id);
    geo::TileBuilder builder;
    if (l.areas) {
        geo::LayerBuilder layer_builder = l.areas->new_builder();
        if (!l.areas->encode(tile, layer_builder)) return std::nullopt;
        builder.add_layer(std::move(layer_builder));
    } else {
        geo::LayerBuilder layer_builder = l.points->new_builder();
        if (!l.points->encode(tile, layer_builder)) return std::nullopt;
        builder.add_layer(std::move(layer_builder));
    }
    return builder.serialize();
}

int TileCatalog::min_zoom(const std::string& id) const {
    const Layer& l = layer(id);
    return l.areas ? l.areas->min_zoom() : l.points->min_zoom();
}

int TileCatalog::max_zoom(const std::string& id) const {
    const Layer& l = layer(id);
    return l.areas ? l.areas->max_zoom() : l.points->max_zoom();
}

geo::BBox TileCatalog::bounds(const std::string& id) const {
    const Layer& l = layer(id);
    return l.areas ? l.areas->bounds_lonlat() : l.points->bounds_lonlat();
}

std::vector<geo::LayerField> TileCatalog::fields(const std::string& id) const {
    const Layer& l = layer(id);
    return l.areas ? l.areas->fields() : l.points->fields();
}

}  // namespace sna::server
