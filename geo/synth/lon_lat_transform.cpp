#include "geo/synth/lon_lat_transform.hpp"

#include "geo/core/errors.hpp"
#include "geo/synth/gdal_handles.hpp"

namespace sna::geo::detail {

namespace {

struct TransformDestroyer {
    void operator()(OGRCoordinateTransformationH transform) const noexcept {
        OCTDestroyCoordinateTransformation(transform);
    }
};

}  // namespace

struct LonLatTransform::Impl {
    SpatialReferencePtr source;
    SpatialReferencePtr target;
    std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroyer>
        transform;
};

LonLatTransform::LonLatTransform(int source_epsg) : m_impl(std::make_unique<Impl>()) {
    m_impl->source = make_traditional_srs(source_epsg);
    m_impl->target = make_traditional_srs(4326);
    m_impl->transform.reset(
        OCTNewCoordinateTransformation(m_impl->source.get(), m_impl->target.get()));
    if (!m_impl->transform) {
        throw Error(gdal_error("no transformation from EPSG:" + std::to_string(source_epsg) +
                               " to EPSG:4326"));
    }
}

LonLatTransform::~LonLatTransform() = default;

Point LonLatTransform::to_lon_lat(const Point& projected) const {
    double x = projected.x;
    double y = projected.y;
    if (!OCTTransform(m_impl->transform.get(), 1, &x, &y, nullptr)) {
        throw Error(gdal_error("cannot transform (" + std::to_string(projected.x) + ", " +
                               std::to_string(projected.y) + ") to EPSG:4326"));
    }
    return Point{x, y};
}

}  // namespace sna::geo::detail
