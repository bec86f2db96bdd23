#pragma once
/// A vector layer of any format GDAL/OGR reads, with its features as text fields and WKB, plus the
/// geometry work an import needs: validity, repair (GEOS MakeValid), reprojection and areas.

#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// The geometry types a feature can have (curves are linearised when read).
enum class GeometryType {
    none,  ///< the feature has no geometry
    point,
    line_string,
    polygon,
    multi_point,
    multi_line_string,
    multi_polygon,
    collection,
    other,
};

/// "Polygon", "MultiPolygon", ... (the OGC names), for messages.
std::string to_string(GeometryType type);

/// True for polygon and multi_polygon.
bool is_polygonal(GeometryType type) noexcept;

/// One feature of a GdalSource.
struct Feature {
    std::string fid;                  ///< feature id as text; "" when the format has none
    std::vector<std::string> fields;  ///< values as text, by field index; unset or null = ""
    std::string wkb;  ///< ISO WKB, 2D, little-endian, in the source CRS; "" without geometry
    GeometryType type = GeometryType::none;
};

/// Reads one layer of a GDAL vector dataset, feature by feature.
///
/// The source CRS is the CRS declared by the caller when there is one (for files without a CRS,
/// or with a wrong one), else the file's. Move-only. Not for sharing between threads: GDAL
/// datasets and the cached coordinate transformations are single-threaded.
class GdalSource {
public:
    /// Opens `layer_name` (empty = the first layer) of the file at `path`. Spreadsheets (`.xlsx`,
    /// `.ods`) are opened with their first row as the header (HEADERS=FORCE).
    /// @param display_name the file as messages name it (the path relative to the sources folder)
    /// @param declared_crs e.g. "EPSG:27700"; empty = use the file's CRS
    /// @throws DataError for a missing or unreadable file, an unknown layer (listing the layers
    /// and the nearest name) or an unknown declared CRS ("unknown CRS 'EPSG:99999'").
    static GdalSource open(const std::string& path, const std::string& display_name,
                           const std::string& layer_name, const std::string& declared_crs = {});

    ~GdalSource();
    GdalSource(GdalSource&& other) noexcept;
    GdalSource& operator=(GdalSource&& other) noexcept;
    GdalSource(const GdalSource&) = delete;
    GdalSource& operator=(const GdalSource&) = delete;

    /// The file name used in messages.
    const std::string& display_name() const noexcept;
    /// The layer actually opened (the first layer's name when none was asked for).
    const std::string& layer_name() const noexcept;
    /// Attribute field names, in the order of Feature::fields.
    const std::vector<std::string>& fields() const noexcept;
    /// True for XLSX and ODS, whose feature ids are sheet row numbers (header = row 1).
    bool is_spreadsheet() const noexcept;

    /// Index of the field `name` in fields().
    /// @throws DataError naming the field, with the nearest name or the available ones.
    std::size_t field_index(const std::string& name, const std::string& purpose) const;

    /// WKT of the source CRS (declared or the file's); "" when there is none.
    std::string crs_wkt_or_empty() const;

    /// Skips reading geometries (faster for attribute-only use); Feature::wkb stays "".
    void ignore_geometry();

    /// Reads the next feature into `feature`; false at the end of the layer.
    /// @throws DataError when GDAL reports a read failure.
    bool next(Feature& feature);

    /// OGC validity of the feature's geometry (GEOS).
    /// @pre feature.type != GeometryType::none
    bool is_valid(const Feature& feature) const;

    /// Repairs the geometry in place with GEOS MakeValid (linework method, like PostGIS and sf).
    /// For polygonal input only the polygonal parts of the result are kept.
    /// @return false, leaving the feature unchanged, when the repair fails or leaves nothing of the
    /// input's kind (e.g. a polygon that collapses to a line): the caller rejects the feature.
    /// @pre feature.type != GeometryType::none
    bool make_valid(Feature& feature) const;

    /// The geometry transformed from the source CRS to `crs`, as ISO WKB 2D. For "EPSG:4326" the
    /// axis order is lon, lat (traditional GIS order, whatever the authority says).
    /// @throws DataError when the source has no CRS (asking to declare `crs` in the manifest), for
    /// an unknown `crs`, or when a coordinate cannot be transformed (naming the feature).
    /// @pre feature.type != GeometryType::none
    std::string wkb_in(const Feature& feature, const std::string& crs);

    /// Area of the geometry in `crs` units, e.g. m² for the equal-area "EPSG:27700".
    /// 0 for points and lines. @throws as wkb_in.
    /// @pre feature.type != GeometryType::none
    double area_in(const Feature& feature, const std::string& crs);

private:
    struct Impl;
    explicit GdalSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::geo
