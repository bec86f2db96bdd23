#include "server/views/catchment_request.hpp"

#include "geo/analysis/catchment_shape.hpp"
#include "geo/gdal/boundary_file.hpp"
#include "geo/geos/polygon_overlay.hpp"
#include "geo/tiles/mercator.hpp"
#include "server/config/server_config.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/index/geojson_shape.hpp"

#include <algorithm>
#include <cmath>

namespace sna::server {

using nlohmann::json;

namespace {

double number_member(const json& object, const char* key, const std::string& at) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number() || !std::isfinite(it->get<double>()))
        throw geo::InvalidInput(at + "." + key + ": a number is required");
    return it->get<double>();
}

geo::MultiPolygon radius_shape(const json& r, json& definition) {
    if (!r.is_object())
        throw geo::InvalidInput("radius: an object {\"lon\", \"lat\", \"metres\"} is required");
    const double lon = number_member(r, "lon", "radius");
    const double lat = number_member(r, "lat", "radius");
    const double metres = number_member(r, "metres", "radius");
    if (lon < -180 || lon > 180 || lat < -85 || lat > 85)
        throw CatchmentRejected("radius: the centre (" + std::to_string(lon) + ", " +
                                std::to_string(lat) + ") is not a longitude and latitude");
    if (metres < min_catchment_radius_m || metres > max_catchment_radius_m)
        throw CatchmentRejected("radius.metres must be from 50 to 20000, got " +
                                std::to_string(metres));
    definition = {{"kind", "radius"}, {"lon", lon}, {"lat", lat}, {"metres", metres}};
    return geo::MultiPolygon{{geo::Polygon{{geo::geodesic_circle({lon, lat}, metres)}}}};
}

/// An area's outline back in lon/lat (AreaShapes keeps Web Mercator).
geo::MultiPolygon to_lonlat(const geo::MultiPolygon& mercator) {
    geo::MultiPolygon out = mercator;
    for (auto& polygon : out.polygons) {
        for (auto& ring : polygon.rings) {
            for (auto& p : ring) p = geo::mercator_to_lonlat(p);
        }
    }
    return out;
}

std::vector<std::string> area_codes(const json& a) {
    const auto codes = a.find("codes");
    if (codes == a.end() || !codes->is_array() || codes->empty())
        throw geo::InvalidInput("areas.codes: a non-empty array of area codes is required");
    if (codes->size() > max_catchment_codes)
        throw CatchmentRejected("areas.codes: at most " + std::to_string(max_catchment_codes) +
                                " areas, got " + std::to_string(codes->size()));
    std::vector<std::string> out;
    for (std::size_t k = 0; k < codes->size(); ++k) {
        if (!(*codes)[k].is_string())
            throw geo::InvalidInput("areas.codes[" + std::to_string(k) + "]: a string is required");
        out.push_back((*codes)[k].get<std::string>());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

geo::MultiPolygon areas_shape(const json& a, const Services& services, json& definition) {
    if (!a.is_object() || !a.contains("set") || !a["set"].is_string())
        throw geo::InvalidInput("areas: an object {\"set\", \"codes\"} is required");
    const std::string set = a["set"].get<std::string>();
    if (!services.data.has_set(set)) throw geo::NotFound("no area set '" + set + "'");
    if (!services.shapes) throw geo::NotFound("this server keeps no area outlines");
    const std::vector<std::string> codes = area_codes(a);
    std::vector<geo::MultiPolygon> parts;
    for (const auto& code : codes) {
        const geo::MultiPolygon* shape = services.shapes->shape(set, code);
        if (!shape)
            throw CatchmentRejected("areas.codes: no area '" + code + "' in set '" + set + "'");
        parts.push_back(to_lonlat(*shape));
    }
    definition = {{"kind", "areas"}, {"set", set}, {"codes", codes}};
    return geo::union_of(parts);
}

std::string name_of(const json& body) {
    const auto it = body.find("name");
    if (it == body.end() || it->is_null()) return "";
    if (!it->is_string()) throw geo::InvalidInput("name: a string is required");
    std::string name = it->get<std::string>();
    if (name.size() > max_catchment_name)
        throw geo::InvalidInput("name: at most " + std::to_string(max_catchment_name) + " bytes");
    return name;
}

/// The raw shape of whichever one definition the body has.
geo::MultiPolygon raw_shape(const json& body, const Services& services, json& definition) {
    const int kinds = (body.contains("geometry") ? 1 : 0) + (body.contains("areas") ? 1 : 0) +
                      (body.contains("radius") ? 1 : 0);
    if (kinds != 1)
        throw geo::InvalidInput(
            "give exactly one of \"geometry\" (a GeoJSON Polygon or MultiPolygon in lon/lat), "
            "\"areas\" ({\"set\", \"codes\"}) or \"radius\" ({\"lon\", \"lat\", \"metres\"})");
    if (body.contains("radius")) return radius_shape(body["radius"], definition);
    if (body.contains("areas")) return areas_shape(body["areas"], services, definition);
    definition = {{"kind", "geometry"}};
    // The body is bounded (max_body_bytes), so reading it whole is bounded too; the vertex limit
    // is checked after, as for the other kinds.
    return shape_from_geojson(body["geometry"], std::size_t{1} << 22);
}

/// Checks, normalises and names a raw shape: the steps every kind of definition shares.
CatchmentDraft finish_draft(std::string name, json definition, const geo::MultiPolygon& raw,
                            const Services& services) {
    CatchmentDraft draft;
    draft.name = std::move(name);
    draft.definition = std::move(definition);
    const std::size_t max_vertices = services.config.max_catchment_vertices;
    if (geo::vertex_count(raw) > max_vertices)
        throw CatchmentRejected("the catchment has " + std::to_string(geo::vertex_count(raw)) +
                                " vertices, more than " + std::to_string(max_vertices) +
                                "; choose fewer areas or simplify it");
    if (const auto reason = geo::invalidity_reason(raw))
        throw CatchmentRejected("the catchment's geometry is not a valid polygon: " + *reason);
    try {
        draft.shape = geo::normalise_polygons(raw, std::pow(10.0, -catchment_decimals));
    } catch (const geo::InvalidInput& e) {
        throw CatchmentRejected(std::string("the catchment is too small: ") + e.what());
    }
    draft.id = geo::shape_digest(draft.shape, catchment_decimals);
    return draft;
}

}  // namespace

CatchmentDraft catchment_draft(const json& body, const Services& services) {
    if (!body.is_object()) throw geo::InvalidInput("the body must be a JSON object");
    std::string name = name_of(body);
    json definition;
    const geo::MultiPolygon raw = raw_shape(body, services, definition);
    return finish_draft(std::move(name), std::move(definition), raw, services);
}

CatchmentDraft uploaded_catchment_draft(const std::string& bytes, const std::string& extension,
                                        const std::string& name, const std::string& crs,
                                        const Services& services) {
    if (name.size() > max_catchment_name)
        throw geo::InvalidInput("name: at most " + std::to_string(max_catchment_name) + " bytes");
    std::vector<geo::BoundaryFeature> features;
    try {
        features = geo::read_boundary_file(bytes, extension, crs, max_catchment_codes,
                                           services.config.max_catchment_vertices);
    } catch (const geo::InvalidInput& e) {
        throw CatchmentRejected(e.what());
    }
    std::vector<geo::MultiPolygon> parts;
    for (const auto& f : features) {
        if (const auto reason = geo::invalidity_reason(f.shape))
            throw CatchmentRejected("feature " + f.fid +
                                    " of the uploaded file is not a valid "
                                    "polygon: " +
                                    *reason);
        parts.push_back(f.shape);
    }
    // Several features (three wards in one file) are one catchment: their dissolved union.
    const geo::MultiPolygon raw = parts.size() == 1 ? parts.front() : geo::union_of(parts);
    json definition = {
        {"kind", "upload"}, {"format", extension.substr(1)}, {"features", features.size()}};
    if (!crs.empty()) definition["crs"] = crs;
    return finish_draft(name, std::move(definition), raw, services);
}

std::vector<std::string> apportioned_sets(const DataIndex& data) {
    std::vector<std::string> out;
    for (const auto& [set, _] : data.area_sets()) {
        if (set.level == geo::AreaLevel::small_area) out.push_back(set.id);
    }
    return out;
}

}  // namespace sna::server
