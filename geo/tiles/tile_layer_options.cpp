#include "geo/tiles/tile_layer_options.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/mercator.hpp"
#include "geo/tiles/tile_id.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <variant>

namespace sna::geo {

namespace {

[[noreturn]] void reject(const TileLayerOptions& options, const std::string& problem) {
    throw InvalidInput("tile layer '" + options.name + "': " + problem);
}

bool is_non_negative(double value) {
    return std::isfinite(value) && value >= 0.0;
}

FieldType field_type_of(const PropertyValue& value) {
    if (std::holds_alternative<std::string>(value)) return FieldType::string;
    if (std::holds_alternative<bool>(value)) return FieldType::boolean;
    return FieldType::number;
}

}  // namespace

void validate(const TileLayerOptions& options) {
    if (options.name.empty()) reject(options, "the layer name is empty (MVT spec 4.1)");
    constexpr int deepest = static_cast<int>(default_max_zoom);
    if (options.min_zoom < 0 || options.max_zoom > deepest || options.min_zoom > options.max_zoom) {
        reject(options, "zoom range " + std::to_string(options.min_zoom) + ".." +
                            std::to_string(options.max_zoom) + " is not within 0.." +
                            std::to_string(deepest) + " with min_zoom <= max_zoom");
    }
    if (options.extent <= 0) reject(options, "extent must be positive");
    if (options.buffer < 0 || options.buffer > options.extent) {
        reject(options, "buffer must be between 0 and the extent");
    }
    if (!is_non_negative(options.simplify_pixels)) {
        reject(options, "simplify_pixels must be a finite number >= 0");
    }
    if (!is_non_negative(options.snap_distance_m)) {
        reject(options, "snap_distance_m must be a finite number >= 0");
    }
    if (options.build_threads == 0) reject(options, "build_threads must be at least 1");
}

double simplify_tolerance(const TileLayerOptions& options, int zoom) {
    return options.simplify_pixels *
           mercator_pixel_size(static_cast<unsigned>(zoom), tile_screen_pixels);
}

std::string_view to_string(FieldType type) {
    switch (type) {
        case FieldType::string:
            return "String";
        case FieldType::number:
            return "Number";
        case FieldType::boolean:
            return "Boolean";
        case FieldType::mixed:
            return "Mixed";
    }
    return "Mixed";
}

void LayerFieldCollector::add(const std::vector<Property>& properties) {
    for (const Property& property : properties) {
        const FieldType type = field_type_of(property.value);
        auto known = std::find_if(m_fields.begin(), m_fields.end(),
                                  [&](const LayerField& f) { return f.name == property.key; });
        if (known == m_fields.end()) {
            m_fields.push_back({property.key, type});
        } else if (known->type != type) {
            known->type = FieldType::mixed;
        }
    }
}

namespace detail {

void check_lonlat(const Point& lonlat, const std::string& layer, std::size_t index,
                  std::uint64_t id) {
    if (std::isfinite(lonlat.x) && std::isfinite(lonlat.y) && std::abs(lonlat.x) <= 180.0 &&
        std::abs(lonlat.y) <= 90.0) {
        return;
    }
    std::ostringstream problem;
    problem.precision(12);
    problem << "coordinate (" << lonlat.x << ", " << lonlat.y
            << ") is not longitude/latitude in degrees (EPSG:4326)";
    throw DataError({"tile layer '" + layer + "'",
                     "feature " + std::to_string(index) + " (id " + std::to_string(id) + ")", ""},
                    problem.str());
}

}  // namespace detail

}  // namespace sna::geo
