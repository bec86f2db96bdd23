#include "geo/synth/tessellation.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"

#include <geos_c.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace sna::geo::detail {

namespace {

/// One reentrant GEOS context; collects GEOS's last error message for the exception text.
class GeosContext {
public:
    GeosContext() : m_handle(GEOS_init_r()) {
        if (!m_handle) throw Error("GEOS: cannot create a context");
        GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
    }
    ~GeosContext() { GEOS_finish_r(m_handle); }
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t get() const { return m_handle; }

    [[noreturn]] void fail(std::string_view what) const {
        throw Error("GEOS: " + std::string(what) + " failed" +
                    (m_last_error.empty() ? std::string() : ": " + m_last_error));
    }
    /// GEOS reports failure as a null pointer or 0 (2 for predicates).
    template <typename T>
    T* check(T* result, std::string_view what) const {
        if (!result) fail(what);
        return result;
    }
    void check_status(int status, std::string_view what) const {
        if (status == 0) fail(what);
    }

private:
    static void on_error(const char* message, void* self) {
        static_cast<GeosContext*>(self)->m_last_error = message ? message : "";
    }

    GEOSContextHandle_t m_handle;
    std::string m_last_error;
};

struct GeometryDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSGeometry* geometry) const noexcept { GEOSGeom_destroy_r(handle, geometry); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t handle;
    void operator()(const GEOSPreparedGeometry* prepared) const noexcept {
        GEOSPreparedGeom_destroy_r(handle, prepared);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct WkbWriterDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSWKBWriter* writer) const noexcept { GEOSWKBWriter_destroy_r(handle, writer); }
};
using WkbWriterPtr = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;

struct BufferDeleter {
    GEOSContextHandle_t handle;
    void operator()(unsigned char* buffer) const noexcept { GEOSFree_r(handle, buffer); }
};

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

    GeosContext geos;  // declared first: destroyed after every geometry below
    double grid;
    GeometryPtr region{nullptr, GeometryDeleter{nullptr}};
    double region_area = 0;
    std::vector<GeometryPtr> cells;
    std::vector<PreparedPtr> prepared;
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
                polygons.push_back(own(
                    GEOSGeom_clone_r(geos.get(), GEOSGetGeometryN_r(geos.get(), part, j)), "clone"));
            }
        }
    }
    return make_collection(GEOS_MULTIPOLYGON, std::move(polygons));
}

MultiPolygon Tessellation::Impl::to_multipolygon(const GEOSGeometry* geometry) const {
    std::size_t size = 0;
    std::unique_ptr<unsigned char, BufferDeleter> buffer(
        geos.check(GEOSWKBWriter_write_r(geos.get(), wkb_writer.get(), geometry, &size),
                   "write WKB"),
        BufferDeleter{geos.get()});
    return multipolygon_from_wkb(
        std::string_view(reinterpret_cast<const char*>(buffer.get()), size));
}

bool Tessellation::Impl::prepared_contains(std::size_t index, const GEOSGeometry* other) {
    if (!prepared[index]) prepared[index] = prepare(cells[index].get());
    const char result = GEOSPreparedContains_r(geos.get(), prepared[index].get(), other);
    if (result == 2) geos.fail("contains test");
    return result == 1;
}

Tessellation::Tessellation(const Polygon& region, const std::vector<Point>& seeds, double grid)
    : m_impl(std::make_unique<Impl>(grid)) {
    Impl& impl = *m_impl;
    const GEOSContextHandle_t handle = impl.geos.get();
    impl.wkb_writer = WkbWriterPtr(impl.geos.check(GEOSWKBWriter_create_r(handle), "WKB writer"),
                                   WkbWriterDeleter{handle});
    GEOSWKBWriter_setOutputDimension_r(handle, impl.wkb_writer.get(), 2);
    GEOSWKBWriter_setByteOrder_r(handle, impl.wkb_writer.get(), GEOS_WKB_NDR);

    // The region goes through GEOS's own rounding too, so every later overlay sees one grid.
    const std::string region_wkb = to_wkb(MultiPolygon{{region}});
    const GeometryPtr region_raw = impl.own(
        GEOSGeomFromWKB_buf_r(handle, reinterpret_cast<const unsigned char*>(region_wkb.data()),
                              region_wkb.size()),
        "read region");
    impl.region = impl.own(GEOSGeom_setPrecision_r(handle, region_raw.get(), grid, 0),
                           "round region to grid");
    impl.geos.check_status(GEOSArea_r(handle, impl.region.get(), &impl.region_area), "area");
    const PreparedPtr region_prepared = impl.prepare(impl.region.get());

    std::vector<GeometryPtr> sites;
    sites.reserve(seeds.size());
    for (const Point& seed : seeds) {
        sites.push_back(impl.own(GEOSGeom_createPointFromXY_r(handle, seed.x, seed.y), "point"));
    }
    const GeometryPtr multipoint = impl.make_collection(GEOS_MULTIPOINT, std::move(sites));
    const BBox box = bbox_of(region.rings.front());
    const double margin = std::max(box.max_x - box.min_x, box.max_y - box.min_y) * 0.1;
    const GeometryPtr envelope =
        impl.own(GEOSGeom_createRectangle_r(handle, box.min_x - margin, box.min_y - margin,
                                            box.max_x + margin, box.max_y + margin),
                 "envelope");
    const GeometryPtr diagram = impl.own(
        GEOSVoronoiDiagram_r(handle, multipoint.get(), envelope.get(), 0.0, 0), "Voronoi diagram");

    const int count = GEOSGetNumGeometries_r(handle, diagram.get());
    impl.cells.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const GEOSGeometry* raw = GEOSGetGeometryN_r(handle, diagram.get(), i);
        const char inside = GEOSPreparedContains_r(handle, region_prepared.get(), raw);
        if (inside == 2) impl.geos.fail("region contains cell");
        // Both branches round with the same precision model, so a vertex two cells share
        // lands on the same grid point in each.
        GeometryPtr cell =
            inside == 1
                ? impl.own(GEOSGeom_setPrecision_r(handle, raw, grid, 0), "round cell")
                : impl.own(GEOSIntersectionPrec_r(handle, raw, impl.region.get(), grid), "clip");
        cell = impl.polygonal_part(std::move(cell));
        double cell_area = 0;
        impl.geos.check_status(GEOSArea_r(handle, cell.get(), &cell_area), "area");
        if (cell_area > 0) impl.cells.push_back(std::move(cell));
    }
    impl.prepared.resize(impl.cells.size());
    for (auto& slot : impl.prepared) slot = PreparedPtr(nullptr, PreparedDeleter{handle});
}

Tessellation::~Tessellation() = default;
Tessellation::Tessellation(Tessellation&&) noexcept = default;
Tessellation& Tessellation::operator=(Tessellation&&) noexcept = default;

std::size_t Tessellation::size() const { return m_impl->cells.size(); }
double Tessellation::region_area() const { return m_impl->region_area; }

MultiPolygon Tessellation::cell(std::size_t index) const {
    return m_impl->to_multipolygon(m_impl->cells.at(index).get());
}

double Tessellation::cell_area(std::size_t index) const {
    double value = 0;
    m_impl->geos.check_status(
        GEOSArea_r(m_impl->geos.get(), m_impl->cells.at(index).get(), &value), "area");
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
    const Impl& impl = *m_impl;
    const GEOSGeometry* cell = impl.cells.at(index).get();
    BBox box;
    impl.geos.check_status(GEOSGeom_getXMin_r(impl.geos.get(), cell, &box.min_x), "bbox");
    impl.geos.check_status(GEOSGeom_getYMin_r(impl.geos.get(), cell, &box.min_y), "bbox");
    impl.geos.check_status(GEOSGeom_getXMax_r(impl.geos.get(), cell, &box.max_x), "bbox");
    impl.geos.check_status(GEOSGeom_getYMax_r(impl.geos.get(), cell, &box.max_y), "bbox");
    return box;
}

MultiPolygon Tessellation::union_of(const std::vector<std::size_t>& cells) const {
    const Impl& impl = *m_impl;
    std::vector<GeometryPtr> parts;
    parts.reserve(cells.size());
    for (const std::size_t index : cells) {
        parts.push_back(impl.own(GEOSGeom_clone_r(impl.geos.get(), impl.cells.at(index).get()),
                                 "clone cell"));
    }
    const GeometryPtr collection =
        impl.make_collection(GEOS_GEOMETRYCOLLECTION, std::move(parts));
    GeometryPtr dissolved = impl.own(
        GEOSUnaryUnionPrec_r(impl.geos.get(), collection.get(), impl.grid), "union of cells");
    dissolved = impl.polygonal_part(std::move(dissolved));
    return impl.to_multipolygon(dissolved.get());
}

bool Tessellation::contains(std::size_t index, const Point& p) {
    const GeometryPtr point =
        m_impl->own(GEOSGeom_createPointFromXY_r(m_impl->geos.get(), p.x, p.y), "point");
    return m_impl->prepared_contains(index, point.get());
}

bool Tessellation::contains(std::size_t index, const BBox& box) {
    const GeometryPtr rectangle = m_impl->own(
        GEOSGeom_createRectangle_r(m_impl->geos.get(), box.min_x, box.min_y, box.max_x, box.max_y),
        "rectangle");
    return m_impl->prepared_contains(index, rectangle.get());
}

}  // namespace sna::geo::detail
