#include "server/routes/tiles.hpp"

#include "geo/analysis/classification.hpp"
#include "geo/core/errors.hpp"
#include "geo/tiles/tile_id.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/http/url.hpp"
#include "server/index/data_index.hpp"
#include "server/index/served_tile.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/routes/cached_answer.hpp"
#include "server/views/choropleth.hpp"
#include "server/views/tilejson.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace sna::server {

using nlohmann::json;

namespace {

constexpr const char* mvt_type = "application/vnd.mapbox-vector-tile";

/// Strips ".mvt" (or ".pbf") from the y segment. @throws InvalidInput otherwise.
std::string y_without_extension(const std::string& y) {
    for (const std::string ext : {".mvt", ".pbf"}) {
        if (y.size() > ext.size() && y.compare(y.size() - ext.size(), ext.size(), ext) == 0) {
            return y.substr(0, y.size() - ext.size());
        }
    }
    throw geo::InvalidInput("tile path must end in .mvt, e.g. /tiles/lsoa11/12/2021/1350.mvt");
}

std::shared_ptr<const CachedTile> cached_or_encoded(const Services& s, const std::string& layer,
                                                    const geo::TileId& tile) {
    const std::string key = layer + "/" + std::to_string(tile.z) + "/" + std::to_string(tile.x) +
                            "/" + std::to_string(tile.y);
    bool created = false;
    auto entry = s.cache.get_or_create(key, [&] {
        created = true;
        return make_served_tile(s.tiles, layer, tile, s.data.data_version());
    });
    if (created) {
        s.metrics.add_counter("snamap_tile_cache_misses_total",
                              "Tile requests that had to encode the tile");
        s.metrics.add_counter("snamap_tiles_generated_total", "Tiles encoded");
        // Only a creation adds or evicts entries, so a hit leaves the gauge as it is.
        s.metrics.set_gauge("snamap_tile_cache_bytes", "Bytes held by the tile cache",
                            static_cast<double>(s.cache.stats().bytes));
    } else {
        s.metrics.add_counter("snamap_tile_cache_hits_total",
                              "Tile requests answered from the cache");
    }
    return entry;
}

void add_cors(HttpResponse& r, const ServerConfig& config) {
    if (!config.cors_origin.empty())
        r.headers.set("Access-Control-Allow-Origin", config.cors_origin);
}

}  // namespace

HttpResponse handle_tile(const RouteContext& ctx) {
    const HttpRequest& request = ctx.request;
    const Services& s = ctx.services;
    const std::string& layer = ctx.path["layer"];
    const std::string& z = ctx.path["z"];
    const std::string& x = ctx.path["x"];
    const std::string& y_with_extension = ctx.path["y"];
    const int min_zoom = s.tiles.min_zoom(layer);  // NotFound for a layer that is not served
    const int max_zoom = s.tiles.max_zoom(layer);
    const auto tile = geo::TileId::parse(z, x, y_without_extension(y_with_extension));
    if (!tile)
        throw geo::InvalidInput("z/x/y must be whole numbers with 0 <= x, y < 2^z and z <= 24");
    if (static_cast<int>(tile->z) < min_zoom || static_cast<int>(tile->z) > max_zoom) {
        return error_response(404, "zoom out of range",
                              "layer '" + layer + "' has tiles from z" + std::to_string(min_zoom) +
                                  " to z" + std::to_string(max_zoom),
                              "tile");
    }
    const auto entry = cached_or_encoded(s, layer, *tile);
    HttpResponse r;
    r.route = "tile";
    r.headers.reserve(7);
    add_cors(r, s.config);
    r.headers.add("Cache-Control", s.config.cache_control_tiles);
    r.headers.add("Vary", "Accept-Encoding");
    if (entry->empty()) {
        r.status = 204;
        return r;
    }
    answer_from_cache(request, entry, mvt_type, true, r);
    return r;
}

HttpResponse handle_tilejson(const RouteContext& ctx) {
    const Services& s = ctx.services;
    const std::string& layer = ctx.path["layer"];
    if (!s.tiles.info(layer)) throw geo::NotFound("no tile layer '" + layer + "' (see /catalog)");
    json body = layer_tilejson(s.data, s.tiles, layer);
    body["tilejson"] = "3.0.0";
    body["scheme"] = "xyz";
    body["tiles"] = {public_base_url(s.config) + "/tiles/" + layer +
                     "/{z}/{x}/{y}.mvt?v=" + s.data.data_version()};
    HttpResponse r = json_response(body, "tilejson");
    add_cors(r, s.config);
    r.headers.set("Cache-Control", s.config.cache_control_api);
    return r;
}

HttpResponse handle_catalog(const RouteContext& ctx) {
    const Services& s = ctx.services;
    json layers = json::array();
    for (const auto& id : s.tiles.layer_ids()) {
        const LayerInfo* info = s.tiles.info(id);
        const auto pmtiles = s.config.pmtiles_urls.find(id);
        layers.push_back({{"id", id},
                          {"title", info->title},
                          {"kind", info->kind},
                          {"description", info->description},
                          {"minzoom", s.tiles.min_zoom(id)},
                          {"maxzoom", s.tiles.max_zoom(id)},
                          {"tilejson", public_base_url(s.config) + "/tiles/" + id + ".json"},
                          {"headline_indicators", info->headline_indicators}});
        if (const geo::AreaSet* set = s.data.area_set(id)) {
            layers.back()["level"] = geo::to_text(set->level);
            layers.back()["noun"] = set->noun;
            layers.back()["plural_noun"] = set->plural_noun;
        }
        if (pmtiles != s.config.pmtiles_urls.end()) layers.back()["pmtiles"] = pmtiles->second;
        const auto reserved = s.data.reservations().seen_layers.find(id);
        layers.back()["access"] =
            reserved == s.data.reservations().seen_layers.end() ? "public" : reserved->second;
    }
    const Reservations& r = s.data.reservations();
    json basemap = nullptr;
    const std::string& url = s.config.basemap_url;
    const std::string path(split_target(url).path);
    if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) {
        // A MapLibre style (vector tiles): the client merges it under the choropleth.
        basemap = {{"style", url}, {"attribution", s.config.basemap_attribution}};
    } else if (!url.empty()) {
        basemap = {
            {"tiles", {url}}, {"attribution", s.config.basemap_attribution}, {"tileSize", 256}};
    }
    // Whether signing in would show more (never what): the client offers sign-in for it.
    const bool withheld =
        !r.withheld_indicators.empty() || !r.withheld_layers.empty() || r.priority_schools_withheld;
    HttpResponse response = json_response({{"data_version", s.data.data_version()},
                                           {"borough_set", s.data.borough_set()},
                                           {"layers", layers},
                                           {"basemap", basemap},
                                           {"tier", s.data.tier()},
                                           {"withheld", withheld}},
                                          "catalog");
    add_cors(response, s.config);
    return response;
}

namespace {

/// MapLibre expression colouring a feature by its class, "no data" when it has no number.
json fill_colour_expression(const std::string& id, const Choropleth& choropleth) {
    const auto& breaks = choropleth.classes.breaks;
    const auto& palette = choropleth.colours;
    json step = {"step", {"to-number", {"get", id}}, palette.front()};
    for (std::size_t i = 0; i < breaks.size(); ++i) {
        step.push_back(breaks[i]);
        step.push_back(palette[i + 1]);
    }
    return {"case", {"==", {"typeof", {"get", id}}, "number"}, step, geo::no_data_colour};
}

}  // namespace

HttpResponse handle_style(const RouteContext& ctx) {
    const Services& s = ctx.services;
    const Query& query = ctx.query;
    const std::string id = query.require("indicator");
    const geo::Indicator* ind = s.data.indicator(id);
    if (!ind) throw geo::NotFound("no indicator '" + id + "' (see /api/indicators)");
    const int classes = static_cast<int>(query.integer("classes", 5, 3, 7));
    const auto method = geo::class_method_from_string(query.get_or("method", "quantiles"));
    const Choropleth choropleth = make_choropleth(s.data, *ind, "", classes, method);
    const auto& breaks = choropleth.classes.breaks;
    const auto& palette = choropleth.colours;
    if (palette.empty()) throw geo::NotFound("indicator '" + id + "' has no values to colour");
    const std::string base = public_base_url(ctx.services.config);
    const json fill_color = fill_colour_expression(id, choropleth);
    json layers = json::array({
        {{"id", "background"},
         {"type", "background"},
         {"paint", {{"background-color", "#f7f7f7"}}}},
        {{"id", "choropleth"},
         {"type", "fill"},
         {"source", ind->set_id},
         {"source-layer", ind->set_id},
         {"paint", {{"fill-color", fill_color}, {"fill-opacity", 0.85}}}},
        {{"id", "area-outline"},
         {"type", "line"},
         {"source", ind->set_id},
         {"source-layer", ind->set_id},
         {"paint", {{"line-color", "#ffffff"}, {"line-width", 0.4}}}},
    });
    json sources = {
        {ind->set_id, {{"type", "vector"}, {"url", base + "/tiles/" + ind->set_id + ".json"}}}};
    const std::string& boroughs = s.data.borough_set();
    if (!boroughs.empty() && s.tiles.info(boroughs) && ind->set_id != boroughs) {
        sources[boroughs] = {{"type", "vector"}, {"url", base + "/tiles/" + boroughs + ".json"}};
        layers.push_back({{"id", "borough-outline"},
                          {"type", "line"},
                          {"source", boroughs},
                          {"source-layer", boroughs},
                          {"paint", {{"line-color", "#252525"}, {"line-width", 1.5}}}});
    }
    const json body = {{"version", 8},
                       {"name", ind->title},
                       {"sources", sources},
                       {"layers", layers},
                       {"metadata",
                        {{"snamap:indicator", id},
                         {"snamap:period", choropleth.period},
                         {"snamap:unit", ind->unit},
                         {"snamap:breaks", breaks},
                         {"snamap:colors", palette},
                         {"snamap:method", query.get_or("method", "quantiles")},
                         {"snamap:data_version", s.data.data_version()}}}};
    HttpResponse r = json_response(body, "style");
    add_cors(r, s.config);
    return r;
}

}  // namespace sna::server
