#include "geo/geos/polygon_overlay.hpp"

#include "geo/core/errors.hpp"
#include "geo/geos/geos_context.hpp"

#include <algorithm>
#include <cstdio>

namespace sna::geo {

using detail::GeometryPtr;
using detail::GeosContext;
using detail::own;
using detail::PreparedDeleter;
using detail::PreparedPtr;
using detail::to_geos;

namespace {

struct CharDeleter {
    GEOSContextHandle_t handle;
    void operator()(char* text) const noexcept { GEOSFree_r(handle, text); }
};

std::string point_text(const GeosContext& geos, const GEOSGeometry* point) {
    double x = 0, y = 0;
    if (!point || GEOSGeomGetX_r(geos.get(), point, &x) == 0 ||
        GEOSGeomGetY_r(geos.get(), point, &y) == 0)
        return "";
    char text[64];
    std::snprintf(text, sizeof text, " at or near (%.6f, %.6f)", x, y);
    return text;
}

double area_of(const GeosContext& geos, const GEOSGeometry* geometry) {
    double out = 0;
    geos.check_status(GEOSArea_r(geos.get(), geometry, &out), "area");
    return out;
}

/// Outer rings counter-clockwise, holes clockwise (RFC 7946), whatever GEOS's normal form did.
void orient_rfc7946(MultiPolygon& shape) {
    for (auto& polygon : shape.polygons) {
        for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
            const double a = signed_area(polygon.rings[r]);
            if ((r == 0 && a < 0) || (r > 0 && a > 0))
                std::reverse(polygon.rings[r].begin(), polygon.rings[r].end());
        }
    }
}

/// The polygonal part of an overlay result (lines and points where shapes only touch dropped).
GeometryPtr polygonal(const GeosContext& geos, GeometryPtr geometry) {
    const int type = GEOSGeomTypeId_r(geos.get(), geometry.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return geometry;
    std::vector<GEOSGeometry*> parts;
    const int count = GEOSGetNumGeometries_r(geos.get(), geometry.get());
    for (int i = 0; i < count; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geos.get(), geometry.get(), i);
        const int part_type = GEOSGeomTypeId_r(geos.get(), part);
        if (part_type == GEOS_POLYGON || part_type == GEOS_MULTIPOLYGON)
            parts.push_back(GEOSGeom_clone_r(geos.get(), part));
    }
    GeometryPtr collection =
        own(geos,
            GEOSGeom_createCollection_r(geos.get(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                        static_cast<unsigned>(parts.size())),
            "collect polygons");
    return own(geos, GEOSUnaryUnion_r(geos.get(), collection.get()), "union polygons");
}

MultiPolygon to_shape(const GeosContext& geos, const GEOSGeometry* geometry) {
    const auto writer = detail::make_wkb_writer(geos);
    if (GEOSisEmpty_r(geos.get(), geometry) == 1) return {};
    const int type = GEOSGeomTypeId_r(geos.get(), geometry);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
        GeometryPtr copy = own(geos, GEOSGeom_clone_r(geos.get(), geometry), "copy");
        const GeometryPtr parts = polygonal(geos, std::move(copy));
        return detail::to_multipolygon(geos, writer.get(), parts.get());
    }
    return detail::to_multipolygon(geos, writer.get(), geometry);
}

/// The area's representative point: its centroid, or a point on its surface when the centroid
/// falls outside it (a crescent-shaped area).
GeometryPtr representative_point(const GeosContext& geos, const GEOSGeometry* area) {
    GeometryPtr centroid = own(geos, GEOSGetCentroid_r(geos.get(), area), "centroid");
    const char inside = GEOSIntersects_r(geos.get(), area, centroid.get());
    if (inside == 2) geos.fail("centroid test");
    if (inside == 1) return centroid;
    return own(geos, GEOSPointOnSurface_r(geos.get(), area), "point on surface");
}

/// |shape ∩ area|; an area GEOS cannot overlay as given (a self-touching ring in the source) is
/// repaired with MakeValid and tried again.
double overlap_area(const GeosContext& geos, const GEOSGeometry* shape, const GEOSGeometry* area) {
    if (GEOSGeometry* cut = GEOSIntersection_r(geos.get(), shape, area)) {
        const GeometryPtr owned = own(geos, cut, "intersection");
        return area_of(geos, owned.get());
    }
    geos.clear_error();
    const GeometryPtr repaired = own(geos, GEOSMakeValid_r(geos.get(), area), "repair area");
    const GeometryPtr cut =
        own(geos, GEOSIntersection_r(geos.get(), shape, repaired.get()), "intersection");
    return area_of(geos, cut.get());
}

}  // namespace

std::optional<std::string> invalidity_reason(const MultiPolygon& shape) {
    const GeosContext geos;
    const GeometryPtr g = to_geos(geos, shape, "read polygon");
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(geos.get(), g.get(), 0, &reason, &location);
    if (valid == 2) geos.fail("validity test");
    const std::unique_ptr<char, CharDeleter> owned_reason(reason, CharDeleter{geos.get()});
    const GeometryPtr owned_location(location, detail::GeometryDeleter{geos.get()});
    if (valid == 1) return std::nullopt;
    return std::string(reason ? reason : "invalid geometry") + point_text(geos, location);
}

MultiPolygon normalise_polygons(const MultiPolygon& shape, double grid) {
    const GeosContext geos;
    const GeometryPtr g = to_geos(geos, shape, "read polygon");
    GeometryPtr snapped =
        own(geos, GEOSGeom_setPrecision_r(geos.get(), g.get(), grid, 0), "snap to grid");
    snapped = polygonal(geos, std::move(snapped));
    geos.check_status(GEOSNormalize_r(geos.get(), snapped.get()) == 0 ? 1 : 0, "normalise");
    MultiPolygon out = to_shape(geos, snapped.get());
    if (out.polygons.empty())
        throw InvalidInput("the shape has no area left on a grid of " + std::to_string(grid));
    orient_rfc7946(out);
    return out;
}

MultiPolygon union_of(const std::vector<MultiPolygon>& shapes) {
    const GeosContext geos;
    std::vector<GeometryPtr> owned;
    std::vector<GEOSGeometry*> parts;
    for (const auto& shape : shapes) {
        owned.push_back(to_geos(geos, shape, "read polygon"));
        parts.push_back(owned.back().get());
    }
    // GEOS takes ownership of the parts only when the collection is created.
    const GeometryPtr collection =
        own(geos,
            GEOSGeom_createCollection_r(geos.get(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                        static_cast<unsigned>(parts.size())),
            "collect polygons");
    for (auto& part : owned) static_cast<void>(part.release());
    GeometryPtr dissolved =
        own(geos, GEOSUnaryUnion_r(geos.get(), collection.get()), "union of areas");
    dissolved = polygonal(geos, std::move(dissolved));
    // The union keeps the vertices where the parts met along a straight edge; a tolerance of 0
    // drops exactly those (collinear) and nothing else.
    dissolved = own(geos, GEOSTopologyPreserveSimplify_r(geos.get(), dissolved.get(), 0.0),
                    "drop collinear vertices");
    return to_shape(geos, dissolved.get());
}

std::vector<AreaOverlap> area_overlaps(const MultiPolygon& shape,
                                       const std::vector<MultiPolygon>& areas,
                                       const PackedRTree& index) {
    const GeosContext geos;
    const GeometryPtr catchment = to_geos(geos, shape, "read catchment");
    const PreparedPtr prepared(
        geos.check(GEOSPrepare_r(geos.get(), catchment.get()), "prepare catchment"),
        PreparedDeleter{geos.get()});
    std::vector<std::uint32_t> candidates;
    index.search(bbox_of(shape), candidates);
    std::sort(candidates.begin(), candidates.end());
    std::vector<AreaOverlap> out;
    for (const std::uint32_t i : candidates) {
        const GeometryPtr area = to_geos(geos, areas[i], "read area");
        const char meets = GEOSPreparedIntersects_r(geos.get(), prepared.get(), area.get());
        if (meets == 2) geos.fail("intersects test");
        if (meets == 0) continue;
        AreaOverlap o;
        o.area = i;
        o.area_size = area_of(geos, area.get());
        const char covers = GEOSPreparedCovers_r(geos.get(), prepared.get(), area.get());
        if (covers == 2) geos.fail("covers test");
        o.overlap = covers == 1 ? o.area_size : overlap_area(geos, catchment.get(), area.get());
        const GeometryPtr point = representative_point(geos, area.get());
        const char inside = GEOSPreparedContains_r(geos.get(), prepared.get(), point.get());
        if (inside == 2) geos.fail("contains test");
        o.centroid_inside = inside == 1;
        if (o.overlap > 0 || o.centroid_inside) out.push_back(o);
    }
    return out;
}

}  // namespace sna::geo
