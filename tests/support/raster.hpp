#pragma once
/// Decodes PNG bytes with GDAL's PNG driver (an independent decoder) for pixel checks.

#include <gdal_priv.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace sna::test {

struct Raster {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> r, g, b;

    /// "#rrggbb" of a pixel.
    std::string hex(int x, int y) const {
        const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                              static_cast<std::size_t>(x);
        char out[8];
        std::snprintf(out, sizeof out, "#%02x%02x%02x", r[i], g[i], b[i]);
        return out;
    }
};

inline Raster decode_png(const std::string& bytes) {
    GDALAllRegister();
    static int counter = 0;
    const std::string path = "/vsimem/snamap-test-" + std::to_string(++counter) + ".png";
    VSILFILE* f = VSIFileFromMemBuffer(path.c_str(),
                                       reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                       static_cast<vsi_l_offset>(bytes.size()), FALSE);
    VSIFCloseL(f);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
    if (!ds) {
        VSIUnlink(path.c_str());
        throw std::runtime_error("GDAL cannot open the PNG");
    }
    Raster out;
    out.width = ds->GetRasterXSize();
    out.height = ds->GetRasterYSize();
    const std::size_t n =
        static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height);
    std::vector<std::uint8_t>* bands[3] = {&out.r, &out.g, &out.b};
    for (int i = 0; i < 3 && i < ds->GetRasterCount(); ++i) {
        bands[i]->resize(n);
        if (ds->GetRasterBand(i + 1)->RasterIO(GF_Read, 0, 0, out.width, out.height,
                                               bands[i]->data(), out.width, out.height, GDT_Byte, 0,
                                               0) != CE_None) {
            throw std::runtime_error("GDAL cannot read the PNG pixels");
        }
    }
    ds.reset();
    VSIUnlink(path.c_str());
    return out;
}

}  // namespace sna::test
