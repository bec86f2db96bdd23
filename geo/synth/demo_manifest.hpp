#pragma once
/// The manifest.json that makes the synthetic folder buildable (format: docs/manifest.md).

#include <cstdint>
#include <string>
#include <vector>

namespace sna::geo::detail {

/// File and layer names of the demo folder, shared by the writers and the manifest.
struct DemoFileNames {
    static constexpr const char* lsoa_gpkg = "demo_lsoa.gpkg";
    static constexpr const char* ward_gpkg = "demo_wards.gpkg";
    static constexpr const char* lad_gpkg = "demo_boroughs.gpkg";
    static constexpr const char* area_lookup_csv = "demo_lookup_lsoa_ward_lad.csv";
    static constexpr const char* ward_lookup_csv = "demo_lookup_ward_lad.csv";
    static constexpr const char* indicators_csv = "demo_indicators_lsoa.csv";
    static constexpr const char* schools_csv = "demo_schools.csv";
    static constexpr const char* manifest = "manifest.json";
};

/// Academic years of the schools' exclusion columns (perm_excl_YYYY_YY, suspensions_YYYY_YY).
inline constexpr const char* school_years[] = {"2020_21", "2021_22", "2022_23"};

/// What the manifest describes beyond the fixed file names.
struct DemoManifestFacts {
    std::uint64_t seed = 0;
    std::size_t areas = 0;
    std::size_t wards = 0;
    std::size_t boroughs = 0;
    std::size_t schools = 0;
    std::int64_t incidents = 0;
    std::string incidents_file;
    std::vector<std::string> count_files;
    std::string first_month;
    std::string last_month;
    std::string gap_month;
    std::string gap_borough;  ///< name
};

/// The manifest as pretty-printed JSON text ending in a newline.
std::string make_demo_manifest(const DemoManifestFacts& facts);

}  // namespace sna::geo::detail
