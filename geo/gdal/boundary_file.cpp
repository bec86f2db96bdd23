#include "geo/gdal/boundary_file.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"
#include "geo/gdal/gdal_handles.hpp"
#include "geo/gdal/gdal_source.hpp"

#include <cpl_vsi.h>

#include <atomic>

namespace sna::geo {

namespace {

/// Bytes visible to GDAL as a file under /vsimem/ while this lives (GDAL does not copy them).
class MemoryFile {
public:
    MemoryFile(const std::string& bytes, const std::string& extension) {
        static std::atomic<unsigned long> serial{0};
        m_path = "/vsimem/snamap-upload-" + std::to_string(++serial) + "/boundary" + extension;
        // GDAL's signature takes a non-const buffer; with bTakeOwnership FALSE it only reads it.
        auto* data = reinterpret_cast<GByte*>(const_cast<char*>(bytes.data()));
        VSILFILE* file = VSIFileFromMemBuffer(m_path.c_str(), data,
                                              static_cast<vsi_l_offset>(bytes.size()), FALSE);
        if (!file) throw Error("cannot make an in-memory file for the upload");
        VSIFCloseL(file);
    }
    ~MemoryFile() { VSIUnlink(m_path.c_str()); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

std::size_t vertices_of(const MultiPolygon& shape) {
    std::size_t n = 0;
    for (const auto& p : shape.polygons) {
        for (const auto& r : p.rings) n += r.size();
    }
    return n;
}

}  // namespace

std::vector<BoundaryFeature> read_boundary_file(const std::string& bytes,
                                                const std::string& extension,
                                                const std::string& declared_crs,
                                                std::size_t max_features,
                                                std::size_t max_vertices) {
    detail::register_gdal_drivers();
    const MemoryFile file(bytes, extension);
    const std::string path = extension == ".zip" ? "/vsizip/" + file.path() : file.path();
    std::vector<BoundaryFeature> out;
    std::size_t vertices = 0;
    try {
        GdalSource source = GdalSource::open(path, "the uploaded file", "", declared_crs);
        if (source.crs_wkt_or_empty().empty())
            throw InvalidInput(
                "the uploaded file has no CRS; name it with crs= (e.g. crs=EPSG:27700)");
        Feature feature;
        while (source.next(feature)) {
            if (feature.type == GeometryType::none) continue;
            if (!is_polygonal(feature.type))
                throw InvalidInput("feature " + feature.fid + " of the uploaded file is a " +
                                   to_string(feature.type) + "; a boundary is a polygon");
            if (out.size() >= max_features)
                throw InvalidInput("the uploaded file has more than " +
                                   std::to_string(max_features) + " features");
            BoundaryFeature f{feature.fid,
                              multipolygon_from_wkb(source.wkb_in(feature, "EPSG:4326"))};
            vertices += vertices_of(f.shape);
            if (vertices > max_vertices)
                throw InvalidInput("the uploaded boundary has more than " +
                                   std::to_string(max_vertices) + " vertices; simplify it first");
            out.push_back(std::move(f));
        }
    } catch (const DataError& e) {
        throw InvalidInput(std::string("the uploaded file cannot be read: ") + e.what());
    }
    if (out.empty()) throw InvalidInput("the uploaded file has no polygon");
    return out;
}

}  // namespace sna::geo
