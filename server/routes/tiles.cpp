#include "server/routes/tiles.hpp"

#include "geo/analysis/classification.hpp"
#include "geo/core/errors.hpp"
#include "geo/tiles/gzip.hpp"
#include "geo/tiles/tile_id.hpp"
#include "server/config/server_config.hpp"
#include "server/http/content_encoding.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/http/url.hpp"
#include "server/index/data_index.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/views/choropleth.hpp"
#include "server/views/citations.hpp"

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
        const auto bytes = s.tiles.encode(layer, tile);
        return bytes ? make_cached_tile(*bytes, s.data.data_version()) : CachedTile{};
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

json bounds_json(const geo::BBox& b) {
    return json::array({b.min_x, b.min_y, b.max_x, b.max_y});
}

}  // namespace

HttpResponse handle_tile(const RouteContext& ctx) {
    const HttpRequest& request = ctx.request;
    const Services& s = ctx.services;
    const std::string& layer = ctx.path["layer"];
    const std::string& z = ctx.path["z"];
    const std::string& x = ctx.path["x"];
    const std::string& y_with_extension = ctx.path["y"];
    if (!s.tiles.info(layer)) throw geo::NotFound("no tile layer '" + layer + "' (see /catalog)");
    const auto tile = geo::TileId::parse(z, x, y_without_extension(y_with_extension));
    if (!tile)
        throw geo::InvalidInput("z/x/y must be whole numbers with 0 <= x, y < 2^z and z <= 24");
    if (static_cast<int>(tile->z) < s.tiles.min_zoom(layer) ||
        static_cast<int>(tile->z) > s.tiles.max_zoom(layer)) {
        return error_response(404, "zoom out of range",
                              "layer '" + layer + "' has tiles from z" +
                                  std::to_string(s.tiles.min_zoom(layer)) + " to z" +
                                  std::to_string(s.tiles.max_zoom(layer)),
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
    // Each coding has its own tag (the cached one names the MVT bytes; gzip adds "-gzip"), and a
    // cache holding either variant revalidates it (content_encoding.hpp).
    const ContentCoding coding = choose_coding(request.headers.find("Accept-Encoding"));
    if (auto held = matched_variant_etag(request.headers.find("If-None-Match"), entry->etag, coding,
                                         true)) {
        r.headers.add("ETag", std::move(*held));
        r.status = 304;
        return r;
    }
    r.headers.add("ETag", variant_etag(entry->etag, coding));
    r.headers.add("Content-Type", mvt_type);
    if (coding == ContentCoding::gzip) {
        r.headers.add("Content-Encoding", "gzip");
        // The cached bytes themselves, shared with the cache entry (aliasing constructor): no
        // copy per response, and the entry stays alive until the response is written.
        r.shared_body = std::shared_ptr<const std::string>(entry, &entry->gzip);
    } else {
        r.body = geo::gzip_decompress(entry->gzip);
    }
    return r;
}

HttpResponse handle_tilejson(const RouteContext& ctx) {
    const Services& s = ctx.services;
    const std::string& layer = ctx.path["layer"];
    const LayerInfo* info = s.tiles.info(layer);
    if (!info) throw geo::NotFound("no tile layer '" + layer + "' (see /catalog)");
    const geo::BBox b = s.tiles.bounds(layer);
    json fields = json::object();
    for (const auto& f : s.tiles.fields(layer)) {
        const geo::Indicator* ind = s.data.indicator(f.name);
        fields[f.name] =
            ind ? ind->title + " (" + ind->unit + ", " + s.data.default_period(f.name) + ")"
                : std::string(geo::to_string(f.type));
    }
    const int min_zoom = s.tiles.min_zoom(layer), max_zoom = s.tiles.max_zoom(layer);
    const json body = {
        {"tilejson", "3.0.0"},
        {"name", info->title},
        {"description", info->description},
        {"version", "1.0.0"},
        {"scheme", "xyz"},
        {"tiles",
         {public_base_url(s.config) + "/tiles/" + layer +
          "/{z}/{x}/{y}.mvt?v=" + s.data.data_version()}},
        {"minzoom", min_zoom},
        {"maxzoom", max_zoom},
        {"bounds", bounds_json(b)},
        {"center", {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2, std::max(min_zoom, 9)}},
        {"attribution", attribution_of(s.data, info->dataset_ids)},
        {"vector_layers",
         {{{"id", layer},
           {"description", info->description},
           {"minzoom", min_zoom},
           {"maxzoom", max_zoom},
           {"fields", fields}}}},
        {"data_version", s.data.data_version()}};
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
        layers.push_back({{"id", id},
                          {"title", info->title},
                          {"kind", info->kind},
                          {"description", info->description},
                          {"minzoom", s.tiles.min_zoom(id)},
                          {"maxzoom", s.tiles.max_zoom(id)},
                          {"tilejson", public_base_url(s.config) + "/tiles/" + id + ".json"},
                          {"headline_indicators", info->headline_indicators}});
    }
    json basemap = nullptr;
    if (!s.config.basemap_url.empty()) {
        basemap = {{"tiles", {s.config.basemap_url}},
                   {"attribution", s.config.basemap_attribution},
                   {"tileSize", 256}};
    }
    HttpResponse r = json_response(
        {{"data_version", s.data.data_version()}, {"layers", layers}, {"basemap", basemap}},
        "catalog");
    add_cors(r, s.config);
    return r;
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
    if (s.tiles.info("lad") && ind->set_id != "lad") {
        sources["lad"] = {{"type", "vector"}, {"url", base + "/tiles/lad.json"}};
        layers.push_back({{"id", "borough-outline"},
                          {"type", "line"},
                          {"source", "lad"},
                          {"source-layer", "lad"},
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
