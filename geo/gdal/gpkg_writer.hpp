#pragma once
/// Writes one layer of (multi)polygons with text attributes to a GeoPackage (GDAL/OGR).

#include "geo/core/geometry.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// A new GeoPackage holding one MultiPolygon layer with string fields, written in a single
/// transaction. The output is byte-identical for identical input: GeoPackage's last_change
/// timestamp is pinned to a fixed date while the writer is alive.
class GpkgWriter {
public:
    /// Creates `path` (an existing file is replaced) with layer `layer` in EPSG:`epsg`.
    /// @throws Error with GDAL's message.
    GpkgWriter(const std::string& path, const std::string& layer, int epsg,
               const std::vector<std::string>& fields);
    ~GpkgWriter();  // closes without committing when close() was not called
    GpkgWriter(const GpkgWriter&) = delete;
    GpkgWriter& operator=(const GpkgWriter&) = delete;

    /// @pre values.size() equals the number of fields
    /// @throws Error with GDAL's message.
    void add(const std::vector<std::string>& values, const MultiPolygon& geometry);

    /// Commits and closes the file. @throws Error with GDAL's message.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::geo
