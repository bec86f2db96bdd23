#include "geo/synth/tessellation.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"
#include "geo/geos/geos_context.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

namespace sna::geo::detail {

namespace {

/// Squared distance from `p` to the segment a–b.
double squared_distance(const Point& p, const Point& a, const Point& b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x;
    const double ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

}  // namespace

struct Tessellation::Impl {
    explicit Impl(double grid_size) : grid(grid_size) {}

    GeometryPtr own(GEOSGeometry* geometry, std::string_view what) const {
        return GeometryPtr(geos.check(geometry, what), GeometryDeleter{geos.get()});
    }
    PreparedPtr prepare(const GEOSGeometry* geometry) const {
        return PreparedPtr(geos.check(GEOSPrepare_r(geos.get(), geometry), "prepare geometry"),
                           PreparedDeleter{geos.get()});
    }
    GeometryPtr make_collection(int type, std::vector<GeometryPtr> parts) const;
    GeometryPtr polygonal_part(GeometryPtr geometry) const;
    MultiPolygon to_multipolygon(const GEOSGeometry* geometry) const;
    bool prepared_contains(std::size_t index, const GEOSGeometry* other);
    BBox bbox_of(const GEOSGeometry* geometry) const;
    void set_region(const Polygon& outline);
    double snap_to_grid(double value) const;
    GeometryPtr round_pointwise(const GEOSGeometry* polygon) const;
    GeometryPtr clip_cell(const GEOSGeometry* voronoi_cell,
                          const GEOSPreparedGeometry* region_prepared) const;
    GeometryPtr voronoi(const std::vector<Point>& seeds, const BBox& box) const;

    GeosContext geos;  // declared first: destroyed after every geometry below
    double grid;
    GeometryPtr region{nullptr, GeometryDeleter{nullptr}};
    double region_area = 0;
    std::vector<GeometryPtr> cells;
    std::vector<BBox> bboxes;  ///< cached: samplers ask for them millions of times
    std::vector<PreparedPtr> prepared;
    std::vector<MultiPolygon> outlines;  ///< lazily converted, for clearance tests
    WkbWriterPtr wkb_writer{nullptr, WkbWriterDeleter{nullptr}};
};

GeometryPtr Tessellation::Impl::make_collection(int type, std::vector<GeometryPtr> parts) const {
    // GEOS takes ownership of the parts only when the collection is created.
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& part : parts) raw.push_back(part.get());
    GEOSGeometry* collection = GEOSGeom_createCollection_r(geos.get(), type, raw.data(),
                                                           static_cast<unsigned>(raw.size()));
    if (!collection) geos.fail("create collection");
    for (auto& part : parts) static_cast<void>(part.release());
    return own(collection, "create collection");
}

GeometryPtr Tessellation::Impl::polygonal_part(GeometryPtr geometry) const {
    // Overlay results may carry zero-area lines or points where shapes only touch; drop them.
    const int type = GEOSGeomTypeId_r(geos.get(), geometry.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return geometry;
    std::vector<GeometryPtr> polygons;
    const int count = GEOSGetNumGeometries_r(geos.get(), geometry.get());
    for (int i = 0; i < count; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geos.get(), geometry.get(), i);
        const int part_type = GEOSGeomTypeId_r(geos.get(), part);
        if (part_type == GEOS_POLYGON) {
            polygons.push_back(own(GEOSGeom_clone_r(geos.get(), part), "clone"));
        } else if (part_type == GEOS_MULTIPOLYGON) {
            const int sub_count = GEOSGetNumGeometries_r(geos.get(), part);
            for (int j = 0; j < sub_count; ++j) {
                polygons.push_back(
                    own(GEOSGeom_clone_r(geos.get(), GEOSGetGeometryN_r(geos.get(), part, j)),
                        "clone"));
            }
        }
    }
    return make_collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

MultiPolygon Tessellation::Impl::to_multipolygon(const GEOSGeometry* geometry) const {
    return detail::to_multipolygon(geos, wkb_writer.get(), geometry);
}

BBox Tessellation::Impl::bbox_of(const GEOSGeometry* geometry) const {
    BBox box;
    geos.check_status(GEOSGeom_getXMin_r(geos.get(), geometry, &box.min_x), "bbox");
    geos.check_status(GEOSGeom_getYMin_r(geos.get(), geometry, &box.min_y), "bbox");
    geos.check_status(GEOSGeom_getXMax_r(geos.get(), geometry, &box.max_x), "bbox");
    geos.check_status(GEOSGeom_getYMax_r(geos.get(), geometry, &box.max_y), "bbox");
    return box;
}

bool Tessellation::Impl::prepared_contains(std::size_t index, const GEOSGeometry* other) {
    if (!prepared[index]) prepared[index] = prepare(cells[index].get());
    const char result = GEOSPreparedContains_r(geos.get(), prepared[index].get(), other);
    if (result == 2) geos.fail("contains test");
    return result == 1;
}

void Tessellation::Impl::set_region(const Polygon& outline) {
    // The region goes through GEOS's rounding too, so every later overlay sees one grid.
    const std::string wkb = to_wkb(MultiPolygon{{outline}});
    const GeometryPtr raw =
        own(GEOSGeomFromWKB_buf_r(geos.get(), reinterpret_cast<const unsigned char*>(wkb.data()),
                                  wkb.size()),
            "read region");
    region = own(GEOSGeom_setPrecision_r(geos.get(), raw.get(), grid, 0), "round region");
    geos.check_status(GEOSArea_r(geos.get(), region.get(), &region_area), "area");
}

double Tessellation::Impl::snap_to_grid(double value) const {
    // GEOS's PrecisionModel::makePrecise for grids finer than 1: round(value * scale) / scale.
    const double scale = std::round(1 / grid);
    return std::round(value * scale) / scale;
}

GeometryPtr Tessellation::Impl::round_pointwise(const GEOSGeometry* polygon) const {
    const GEOSContextHandle_t handle = geos.get();
    const GEOSCoordSequence* ring =
        GEOSGeom_getCoordSeq_r(handle, geos.check(GEOSGetExteriorRing_r(handle, polygon), "ring"));
    unsigned int size = 0;
    geos.check_status(GEOSCoordSeq_getSize_r(handle, ring, &size), "ring size");
    std::vector<double> xy;
    xy.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
        double x = 0;
        double y = 0;
        geos.check_status(GEOSCoordSeq_getXY_r(handle, ring, i, &x, &y), "ring point");
        x = snap_to_grid(x);
        y = snap_to_grid(y);
        const std::size_t n = xy.size();
        if (n >= 2 && xy[n - 2] == x && xy[n - 1] == y) continue;  // collapsed edge
        xy.push_back(x);
        xy.push_back(y);
    }
    if (xy.size() < 8) return GeometryPtr(nullptr, GeometryDeleter{handle});
    GEOSCoordSequence* sequence =
        geos.check(GEOSCoordSeq_copyFromBuffer_r(handle, xy.data(),
                                                 static_cast<unsigned>(xy.size() / 2), 0, 0),
                   "sequence");
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(handle, sequence);
    if (!shell) {
        GEOSCoordSeq_destroy_r(handle, sequence);
        geos.fail("ring");
    }
    return own(GEOSGeom_createPolygon_r(handle, shell, nullptr, 0), "polygon");
}

GeometryPtr Tessellation::Impl::clip_cell(const GEOSGeometry* voronoi_cell,
                                          const GEOSPreparedGeometry* region_prepared) const {
    // Rounding each vertex on its own maps a vertex that neighbouring Voronoi cells share to
    // one and the same double, so cells wholly inside the region keep matching edges with no
    // overlay at all. Only cells crossing the region's edge need the snap-rounding clip (whose
    // rounding is the same function, so vertices they share with inner cells still match).
    GeometryPtr rounded = round_pointwise(voronoi_cell);
    // A sliver cell can collapse or fold when rounded; the overlay then rounds it robustly.
    const bool usable = rounded && GEOSisValid_r(geos.get(), rounded.get()) == 1;
    if (usable) {
        const char inside = GEOSPreparedContains_r(geos.get(), region_prepared, rounded.get());
        if (inside == 2) geos.fail("region contains cell");
        if (inside == 1) return rounded;
    }
    const GEOSGeometry* input = usable ? rounded.get() : voronoi_cell;
    return polygonal_part(
        own(GEOSIntersectionPrec_r(geos.get(), input, region.get(), grid), "clip"));
}

GeometryPtr Tessellation::Impl::voronoi(const std::vector<Point>& seeds, const BBox& box) const {
    std::vector<GeometryPtr> sites;
    sites.reserve(seeds.size());
    for (const Point& seed : seeds) {
        sites.push_back(own(GEOSGeom_createPointFromXY_r(geos.get(), seed.x, seed.y), "point"));
    }
    const GeometryPtr multipoint = make_collection(GEOS_MULTIPOINT, std::move(sites));
    const double margin = std::max(box.max_x - box.min_x, box.max_y - box.min_y) * 0.1;
    const GeometryPtr envelope =
        own(GEOSGeom_createRectangle_r(geos.get(), box.min_x - margin, box.min_y - margin,
                                       box.max_x + margin, box.max_y + margin),
            "envelope");
    return own(GEOSVoronoiDiagram_r(geos.get(), multipoint.get(), envelope.get(), 0.0, 0),
               "Voronoi diagram");
}

Tessellation::Tessellation(const Polygon& region, const std::vector<Point>& seeds, double grid,
                           const std::function<void(double)>& report)
    : m_impl(std::make_unique<Impl>(grid)) {
    Impl& impl = *m_impl;
    const GEOSContextHandle_t handle = impl.geos.get();
    impl.wkb_writer = make_wkb_writer(impl.geos);
    impl.set_region(region);
    const GeometryPtr diagram = impl.voronoi(seeds, bbox_of(region.rings.front()));

    const PreparedPtr region_prepared = impl.prepare(impl.region.get());
    const int count = GEOSGetNumGeometries_r(handle, diagram.get());
    const int report_every = std::max(1, count / 100);
    impl.cells.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        GeometryPtr cell =
            impl.clip_cell(GEOSGetGeometryN_r(handle, diagram.get(), i), region_prepared.get());
        double cell_area = 0;
        impl.geos.check_status(GEOSArea_r(handle, cell.get(), &cell_area), "area");
        if (cell_area > 0) impl.cells.push_back(std::move(cell));
        if (report && (i + 1) % report_every == 0) report(static_cast<double>(i + 1) / count);
    }
    for (const GeometryPtr& cell : impl.cells) impl.bboxes.push_back(impl.bbox_of(cell.get()));
    impl.prepared.resize(impl.cells.size());
    impl.outlines.resize(impl.cells.size());
}

Tessellation::~Tessellation() = default;
Tessellation::Tessellation(Tessellation&&) noexcept = default;
Tessellation& Tessellation::operator=(Tessellation&&) noexcept = default;

std::size_t Tessellation::size() const {
    return m_impl->cells.size();
}
double Tessellation::region_area() const {
    return m_impl->region_area;
}

MultiPolygon Tessellation::cell(std::size_t index) const {
    return m_impl->to_multipolygon(m_impl->cells.at(index).get());
}

double Tessellation::cell_area(std::size_t index) const {
    double value = 0;
    m_impl->geos.check_status(GEOSArea_r(m_impl->geos.get(), m_impl->cells.at(index).get(), &value),
                              "area");
    return value;
}

Point Tessellation::cell_centroid(std::size_t index) const {
    const Impl& impl = *m_impl;
    const GeometryPtr centroid =
        impl.own(GEOSGetCentroid_r(impl.geos.get(), impl.cells.at(index).get()), "centroid");
    Point p;
    impl.geos.check_status(GEOSGeomGetX_r(impl.geos.get(), centroid.get(), &p.x), "centroid x");
    impl.geos.check_status(GEOSGeomGetY_r(impl.geos.get(), centroid.get(), &p.y), "centroid y");
    return p;
}

Point Tessellation::cell_interior_point(std::size_t index) const {
    const Impl& impl = *m_impl;
    const GeometryPtr point = impl.own(
        GEOSPointOnSurface_r(impl.geos.get(), impl.cells.at(index).get()), "point on surface");
    Point p;
    impl.geos.check_status(GEOSGeomGetX_r(impl.geos.get(), point.get(), &p.x), "point x");
    impl.geos.check_status(GEOSGeomGetY_r(impl.geos.get(), point.get(), &p.y), "point y");
    return p;
}

BBox Tessellation::cell_bbox(std::size_t index) const {
    return m_impl->bboxes.at(index);
}

MultiPolygon Tessellation::union_of(const std::vector<std::size_t>& cells) const {
    const Impl& impl = *m_impl;
    std::vector<GeometryPtr> parts;
    parts.reserve(cells.size());
    for (const std::size_t index : cells) {
        parts.push_back(
            impl.own(GEOSGeom_clone_r(impl.geos.get(), impl.cells.at(index).get()), "clone cell"));
    }
    const GeometryPtr collection = impl.make_collection(GEOS_GEOMETRYCOLLECTION, std::move(parts));
    // Cells share their edges exactly, so the cheap coverage union applies; GEOS refuses
    // (null) if some edges did not match, and then the snap-rounding union takes over.
    GeometryPtr dissolved(GEOSCoverageUnion_r(impl.geos.get(), collection.get()),
                          GeometryDeleter{impl.geos.get()});
    if (!dissolved || GEOSisValid_r(impl.geos.get(), dissolved.get()) != 1) {
        impl.geos.clear_error();
        dissolved = impl.own(GEOSUnaryUnionPrec_r(impl.geos.get(), collection.get(), impl.grid),
                             "union of cells");
    }
    dissolved = impl.polygonal_part(std::move(dissolved));
    return impl.to_multipolygon(dissolved.get());
}

bool Tessellation::contains(std::size_t index, const Point& p, double clearance) {
    Impl& impl = *m_impl;
    const GeometryPtr point =
        impl.own(GEOSGeom_createPointFromXY_r(impl.geos.get(), p.x, p.y), "point");
    if (!impl.prepared_contains(index, point.get())) return false;
    if (clearance <= 0) return true;
    // Cells have a handful of edges: a plain scan beats building GEOS geometries per test.
    if (impl.outlines[index].polygons.empty()) impl.outlines[index] = cell(index);
    const double limit = clearance * clearance;
    for (const Polygon& polygon : impl.outlines[index].polygons) {
        for (const Ring& ring : polygon.rings) {
            for (std::size_t i = 0; i < ring.size(); ++i) {
                if (squared_distance(p, ring[i], ring[(i + 1) % ring.size()]) < limit) {
                    return false;
                }
            }
        }
    }
    return true;
}

}  // namespace sna::geo::detail
