#pragma once
/// A synthetic region written as ordinary source files plus a build manifest, so snamap can be
/// tried, tested and benchmarked (up to England's size) without downloading real data.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sna::geo {

struct DemoOptions {
    int areas = 1500;             ///< small areas; the region grows with it (~0.3 km² each)
    std::int64_t points = 20000;  ///< incidents
    std::uint64_t seed = 1;
};

struct DemoSummary {
    int areas = 0;
    int wards = 0;
    int boroughs = 0;
    std::int64_t incidents = 0;
    int schools = 0;
    double region_area_m2 = 0;
    std::vector<std::string> files;  ///< written, relative to out_dir; manifest.json last
};

/// Called with a step name ("small areas", "incidents", …) and the fraction of it done (0–1).
using DemoProgress = std::function<void(const std::string& step, double fraction)>;

/// Writes a synthetic region as ordinary source files + manifest.json into out_dir (created if
/// missing; files of the same names are replaced). `snamap build OUT/manifest.json --sources OUT`
/// builds it like real data. The same options give byte-identical files.
/// @throws InvalidInput for out-of-range options; Error for I/O, GDAL or GEOS failures.
DemoSummary write_demo_region(const std::string& out_dir, const DemoOptions& options,
                              const DemoProgress& progress);

}  // namespace sna::geo
