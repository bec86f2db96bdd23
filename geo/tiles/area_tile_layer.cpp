#include "geo/tiles/area_tile_layer.hpp"

#include "geo/tiles/mercator.hpp"
#include "geo/tiles/projection.hpp"
#include "geo/tiles/tile_geometry.hpp"
#include "geo/tiles/topology.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <chrono>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>

namespace sna::geo {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Runs work(0) .. work(count - 1) on up to `threads` threads (the caller's included), and
/// rethrows the first exception once all have finished.
template <typename Work>
void parallel_for(std::size_t count, unsigned threads, const Work& work) {
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(count);
    const auto run = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                work(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads && t < count; ++t) {
        try {
            pool.emplace_back(run);
        } catch (const std::system_error&) {
            break;  // no more threads to be had: the ones running (and this one) finish the work
        }
    }
    run();
    for (std::thread& thread : pool) thread.join();
    for (const std::exception_ptr& error : errors) {
        if (error) std::rethrow_exception(error);
    }
}

/// The zooms one band serves and how it is simplified.
struct BandPlan {
    int first_zoom = 0;
    int last_zoom = 0;
    SimplifyOptions simplify;
};

SimplifyOptions simplify_options_for(const TileLayerOptions& options, int zoom) {
    SimplifyOptions simplify;
    const bool is_simplified = zoom <= max_simplified_zoom;
    simplify.tolerance = is_simplified ? simplify_tolerance(options, zoom) : 0.0;
    // Every zoom above max_simplified_zoom uses the first of them, so they share one band.
    const double pixel = mercator_pixel_size(
        static_cast<unsigned>(std::min(zoom, max_simplified_zoom + 1)), tile_screen_pixels);
    simplify.drop_below_area = options.drop_subpixel ? pixel * pixel : 0.0;
    // Dropping only collinear points (tolerance 0) cannot make arcs cross.
    simplify.prevent_crossings = simplify.tolerance > 0.0;
    return simplify;
}

bool is_same(const SimplifyOptions& a, const SimplifyOptions& b) {
    return a.tolerance == b.tolerance && a.drop_below_area == b.drop_below_area &&
           a.prevent_crossings == b.prevent_crossings;
}

std::vector<BandPlan> plan_bands(const TileLayerOptions& options) {
    std::vector<BandPlan> plans;
    for (int zoom = options.min_zoom; zoom <= options.max_zoom; ++zoom) {
        const SimplifyOptions simplify = simplify_options_for(options, zoom);
        if (!plans.empty() && is_same(plans.back().simplify, simplify)) {
            plans.back().last_zoom = zoom;
        } else {
            plans.push_back({zoom, zoom, simplify});
        }
    }
    return plans;
}

/// Checks every vertex is lon/lat, and returns the bounds.
BBox check_and_bound(const std::vector<AreaFeature>& features, const std::string& layer) {
    BBox bounds;
    for (std::size_t f = 0; f < features.size(); ++f) {
        for (const Polygon& polygon : features[f].lonlat.polygons) {
            for (const Ring& ring : polygon.rings) {
                for (const Point& p : ring) {
                    detail::check_lonlat(p, layer, f, features[f].id);
                    bounds.expand(p);
                }
            }
        }
    }
    return bounds;
}

}  // namespace

AreaTileLayer::AreaTileLayer(std::vector<AreaFeature> features, const TileLayerOptions& options)
    : m_options(options) {
    validate(m_options);
    const auto start = Clock::now();
    m_bounds_lonlat = check_and_bound(features, m_options.name);

    std::vector<MultiPolygon> mercator;
    mercator.reserve(features.size());
    m_ids.reserve(features.size());
    m_properties.reserve(features.size());
    LayerFieldCollector fields;
    for (AreaFeature& feature : features) {
        mercator.push_back(project_to_mercator(feature.lonlat));
        feature.lonlat = {};  // the lon/lat copy is not needed again: free it early
        m_ids.push_back(feature.id);
        fields.add(feature.properties);
        m_properties.push_back(std::move(feature.properties));
    }
    m_fields = fields.fields();

    TopologyOptions topology_options;
    topology_options.snap_distance = m_options.snap_distance_m;
    const Topology topology = build_topology(mercator, topology_options);
    mercator = {};
    m_stats.features = m_ids.size();
    m_stats.arcs = topology.arcs.size();
    m_stats.degenerate_rings = topology.degenerate_rings;
    m_stats.topology_seconds = seconds_since(start);

    const auto bands_start = Clock::now();
    const std::vector<BandPlan> plans = plan_bands(m_options);
    m_bands.resize(plans.size());
    m_stats.bands.resize(plans.size());
    parallel_for(plans.size(), m_options.build_threads, [&](std::size_t b) {
        SimplifiedLayer simplified = simplify_layer(topology, plans[b].simplify);
        m_stats.bands[b] = {plans[b].first_zoom, plans[b].last_zoom, plans[b].simplify.tolerance,
                            simplified.stats};
        Band& band = m_bands[b];
        std::vector<BBox> boxes;
        for (std::size_t f = 0; f < simplified.features.size(); ++f) {
            band.geometry.add(simplified.features[f]);
            simplified.features[f] = {};
            if (band.geometry.is_empty(f)) continue;
            boxes.push_back(band.geometry.bbox(f));
            band.feature_of_item.push_back(static_cast<std::uint32_t>(f));
        }
        band.index = PackedRTree(boxes);
        band.bounds = std::move(boxes);
    });
    for (std::size_t b = 0; b < plans.size(); ++b) {
        for (int zoom = plans[b].first_zoom; zoom <= plans[b].last_zoom; ++zoom) {
            m_band_of_zoom.push_back(b);
        }
    }
    m_stats.bands_seconds = seconds_since(bands_start);
}

void AreaTileLayer::prefetch_ahead(const Band& band, const std::vector<std::uint32_t>& items,
                                   std::size_t k) const {
    // The geometry is read in one sweep (FlatMercatorPolygons); each feature's properties are a
    // vector of their own, one cache miss each in a low-zoom tile's tens of thousands.
    constexpr std::size_t ahead = 8;
    if (k + ahead < items.size())
        __builtin_prefetch(m_properties[band.feature_of_item[items[k + ahead]]].data());
}

const AreaTileLayer::Band* AreaTileLayer::band_for(std::uint32_t zoom) const {
    const auto z = static_cast<int>(zoom);
    if (z < m_options.min_zoom || z > m_options.max_zoom) return nullptr;
    return &m_bands[m_band_of_zoom[static_cast<std::size_t>(z - m_options.min_zoom)]];
}

LayerBuilder AreaTileLayer::new_builder() const {
    return LayerBuilder{m_options.name, static_cast<std::uint32_t>(m_options.extent)};
}

bool AreaTileLayer::encode(const TileId& tile, LayerBuilder& layer) const {
    assert(tile.is_valid());
    assert(layer.extent() == static_cast<std::uint32_t>(m_options.extent));
    const Band* band = band_for(tile.z);
    if (band == nullptr) return false;
    const TileTransform transform{tile, static_cast<std::uint32_t>(m_options.extent)};
    const auto buffer = static_cast<std::uint32_t>(m_options.buffer);
    TileClipper clipper(transform, buffer);
    std::vector<std::uint32_t> items;
    band->index.search(clipper.box(), items);
    // Input order (feature_of_item is increasing, so item order is feature order): the same
    // tile, the same bytes.
    std::sort(items.begin(), items.end());

    layer.reserve(layer.feature_count() + items.size(),
                  layer.value_count() + items.size() * m_fields.size());
    bool is_added = false;
    FlatTilePolygons polygons;  // reused by every feature of the tile
    for (std::size_t k = 0; k < items.size(); ++k) {
        prefetch_ahead(*band, items, k);
        const std::uint32_t item = items[k];
        const std::uint32_t f = band->feature_of_item[item];
        clipper.clip(band->geometry, f, polygons, &band->bounds[item]);
        if (polygons.empty()) continue;
        is_added |= layer.add_flat_polygon_feature(m_ids[f], polygons, m_properties[f]);
    }
    return is_added;
}

}  // namespace sna::geo
