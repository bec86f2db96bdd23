#pragma once
/// Point coordinates from one CRS to another with PROJ.

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// A PROJ transformation between two CRSs, in traditional GIS axis order: x = easting or
/// longitude, y = northing or latitude (so EPSG:4326 is lon, lat).
///
/// Owns its own PROJ context. Not thread-safe, not even the const members (PROJ objects carry
/// per-call state): use one CoordinateTransform per thread. Move-only.
///
/// Without the OSTN15 grid installed, PROJ's EPSG:27700 → EPSG:4326 is the 7-parameter Helmert
/// fit, accurate to about 2 m.
class CoordinateTransform {
public:
    /// @param from, to CRSs as PROJ accepts them, e.g. "EPSG:27700", "EPSG:4326".
    /// @throws DataError "unknown CRS 'X'" (with PROJ's reason) for a CRS PROJ does not know, or
    /// when PROJ has no transformation between the two. Callers add the file with with_context().
    CoordinateTransform(const std::string& from, const std::string& to);
    ~CoordinateTransform();
    CoordinateTransform(CoordinateTransform&& other) noexcept;
    CoordinateTransform& operator=(CoordinateTransform&& other) noexcept;
    CoordinateTransform(const CoordinateTransform&) = delete;
    CoordinateTransform& operator=(const CoordinateTransform&) = delete;

    /// `from` → `to`.
    /// @throws DataError naming the coordinates when PROJ cannot transform them.
    Point forward(Point point) const;

    /// `from` → `to` in place, in one PROJ call. Points PROJ cannot transform become NaN, NaN.
    /// @return how many points could not be transformed.
    [[nodiscard]] std::size_t forward(std::vector<Point>& points) const;

    /// `to` → `from`. @throws as forward().
    Point inverse(Point point) const;

    /// `to` → `from` in place; failures become NaN, NaN. @return how many failed.
    [[nodiscard]] std::size_t inverse(std::vector<Point>& points) const;

    const std::string& from() const noexcept { return m_from; }
    const std::string& to() const noexcept { return m_to; }

private:
    struct Impl;  // PROJ handles stay out of this header (docs/style.md §1)
    Point transform_one(Point point, bool inverse) const;
    std::size_t transform_many(std::vector<Point>& points, bool inverse) const;

    std::string m_from;
    std::string m_to;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::geo
