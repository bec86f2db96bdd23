#include "server/index/geojson_shape.hpp"

#include "geo/core/errors.hpp"

#include <cmath>

namespace sna::server {

using nlohmann::json;

namespace {

/// Counts vertices as they are read, so an oversized shape is refused before it is all read.
struct VertexBudget {
    std::size_t left;
    std::size_t max;
    void spend(std::size_t n, const std::string& at) {
        if (n > left)
            throw geo::InvalidInput(at + ": the shape has more than " + std::to_string(max) +
                                    " vertices; simplify it first");
        left -= n;
    }
};

geo::Point position(const json& p, const std::string& at) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
        throw geo::InvalidInput(at +
                                ": a position is an array of two numbers [longitude, latitude]");
    const double x = p[0].get<double>(), y = p[1].get<double>();
    if (!std::isfinite(x) || x < -180 || x > 180)
        throw geo::InvalidInput(at + ": longitude " + p[0].dump() + " is outside -180..180");
    if (!std::isfinite(y) || y < -90 || y > 90)
        throw geo::InvalidInput(at + ": latitude " + p[1].dump() + " is outside -90..90");
    return {x, y};
}

geo::Ring ring(const json& r, const std::string& at, VertexBudget& budget) {
    if (!r.is_array()) throw geo::InvalidInput(at + ": a ring is an array of positions");
    budget.spend(r.size(), at);
    if (r.size() < 4)
        throw geo::InvalidInput(at +
                                ": a ring needs at least four positions (RFC 7946 §3.1.6), got " +
                                std::to_string(r.size()));
    geo::Ring out;
    out.reserve(r.size());
    for (std::size_t k = 0; k < r.size(); ++k)
        out.push_back(position(r[k], at + "[" + std::to_string(k) + "]"));
    if (out.front() != out.back())
        throw geo::InvalidInput(at + ": a ring must end where it starts (RFC 7946 §3.1.6)");
    out.pop_back();
    return out;
}

geo::Polygon polygon(const json& p, const std::string& at, VertexBudget& budget) {
    if (!p.is_array() || p.empty())
        throw geo::InvalidInput(at + ": a polygon is a non-empty array of rings");
    geo::Polygon out;
    for (std::size_t r = 0; r < p.size(); ++r)
        out.rings.push_back(ring(p[r], at + "[" + std::to_string(r) + "]", budget));
    return out;
}

void read_geometry(const json& g, const std::string& at, VertexBudget& budget,
                   geo::MultiPolygon& out) {
    if (!g.is_object() || !g.contains("type") || !g["type"].is_string())
        throw geo::InvalidInput(at + ": a GeoJSON object with a \"type\" is required");
    const std::string type = g["type"].get<std::string>();
    if (type == "Feature")
        return read_geometry(g.value("geometry", json()), at + ".geometry", budget, out);
    if (type == "FeatureCollection") {
        const json& features = g.value("features", json());
        if (!features.is_array() || features.empty())
            throw geo::InvalidInput(at + ".features: a non-empty array of features is required");
        for (std::size_t f = 0; f < features.size(); ++f)
            read_geometry(features[f], at + ".features[" + std::to_string(f) + "]", budget, out);
        return;
    }
    const std::string where = at + ".coordinates";
    if (!g.contains("coordinates") || !g["coordinates"].is_array())
        throw geo::InvalidInput(where + ": an array of coordinates is required");
    const json& c = g["coordinates"];
    if (type == "Polygon") {
        out.polygons.push_back(polygon(c, where, budget));
    } else if (type == "MultiPolygon") {
        if (c.empty()) throw geo::InvalidInput(where + ": a MultiPolygon needs a polygon");
        for (std::size_t p = 0; p < c.size(); ++p)
            out.polygons.push_back(polygon(c[p], where + "[" + std::to_string(p) + "]", budget));
    } else {
        throw geo::InvalidInput(at + ": a catchment is a Polygon or MultiPolygon, not a " + type);
    }
}

}  // namespace

geo::MultiPolygon shape_from_geojson(const json& geometry, std::size_t max_vertices,
                                     const std::string& at) {
    VertexBudget budget{max_vertices, max_vertices};
    geo::MultiPolygon out;
    read_geometry(geometry, at, budget, out);
    return out;
}

json shape_to_geojson(const geo::MultiPolygon& shape) {
    json polygons = json::array();
    for (const auto& p : shape.polygons) {
        json rings = json::array();
        for (const auto& r : p.rings) {
            json positions = json::array();
            for (const auto& v : r) positions.push_back({v.x, v.y});
            if (!r.empty()) positions.push_back({r.front().x, r.front().y});
            rings.push_back(std::move(positions));
        }
        polygons.push_back(std::move(rings));
    }
    return {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
}

}  // namespace sna::server
