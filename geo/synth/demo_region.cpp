#include "geo/synth/demo_region.hpp"

#include "geo/core/errors.hpp"
#include "geo/gdal/gpkg_writer.hpp"
#include "geo/proj/coordinate_transform.hpp"
#include "geo/synth/csv_writer.hpp"
#include "geo/synth/demo_geography.hpp"
#include "geo/synth/demo_incidents.hpp"
#include "geo/synth/demo_indicators.hpp"
#include "geo/synth/demo_manifest.hpp"
#include "geo/synth/demo_schools.hpp"
#include "geo/synth/random.hpp"
#include "geo/synth/region_outline.hpp"
#include "geo/synth/settlement_pattern.hpp"
#include "geo/synth/tessellation.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

namespace sna::geo {

namespace {

using detail::DemoFileNames;
using detail::DemoGeography;
using detail::Tessellation;

constexpr int min_areas = 10;
constexpr int max_areas = 200000;
constexpr int british_national_grid = 27700;
/// Cells are rounded to centimetres; neighbours then share vertices exactly.
constexpr double grid_m = 0.01;
/// 1,500 areas fill a 30 × 20 km blob (~0.3 km² each, like a metropolitan borough's LSOAs);
/// the region scales with the number of areas so they keep that size.
constexpr double reference_areas = 1500;
constexpr double reference_semi_x = 15000;
constexpr double reference_semi_y = 10000;
constexpr Point midlands_centre{406000, 285000};

/// Independent random streams, so each step's output depends only on the options it uses.
enum class Stream : std::uint64_t { outline = 1, seeds, hierarchy, indicators, schools, incidents };

detail::Random stream(const DemoOptions& options, Stream which) {
    return detail::Random::for_stream(options.seed, static_cast<std::uint64_t>(which));
}

class Progress {
public:
    explicit Progress(const DemoProgress& callback) : m_callback(callback) {}
    void operator()(const std::string& step, double fraction) const {
        if (m_callback) m_callback(step, fraction);
    }

private:
    const DemoProgress& m_callback;
};

void validate(const DemoOptions& options) {
    if (options.areas < min_areas || options.areas > max_areas) {
        throw InvalidInput("demo region: --areas must be between " + std::to_string(min_areas) +
                           " and " + std::to_string(max_areas) + ", got " +
                           std::to_string(options.areas));
    }
    if (options.points < 0) {
        throw InvalidInput("demo region: --points must not be negative, got " +
                           std::to_string(options.points));
    }
}

std::string in_dir(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).string();
}

Tessellation make_cells(const DemoOptions& options, const Progress& progress) {
    progress("region", 0);
    const double scale = std::sqrt(options.areas / reference_areas);
    const detail::RegionShape shape{midlands_centre, reference_semi_x * scale,
                                    reference_semi_y * scale};
    detail::Random outline_rng = stream(options, Stream::outline);
    const Polygon region = detail::make_region_outline(shape, grid_m, outline_rng);

    // About one town per borough plus a couple, each covering part of a borough.
    detail::Random seed_rng = stream(options, Stream::seeds);
    const auto areas = static_cast<std::size_t>(options.areas);
    const std::size_t towns = detail::borough_count_for(areas) + 2;
    const double town_radius =
        0.5 * std::sqrt(area(region) / static_cast<double>(towns) / 3.14159265358979323846);
    const detail::SettlementPattern settlement(
        detail::scatter_points(
            region, towns, [](const Point&) { return 1.0; }, seed_rng),
        towns, town_radius, seed_rng);
    const std::vector<Point> seeds = detail::scatter_points(
        region, areas, [&](const Point& p) { return settlement.density(p); }, seed_rng);
    progress("region", 1);
    progress("small areas", 0);
    Tessellation cells(region, seeds, grid_m,
                       [&](double fraction) { progress("small areas", fraction); });
    progress("small areas", 1);
    return cells;
}

DemoGeography make_geography(const Tessellation& cells, const DemoOptions& options) {
    std::vector<Point> centroids;
    std::vector<double> areas_m2;
    centroids.reserve(cells.size());
    areas_m2.reserve(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        centroids.push_back(cells.cell_centroid(i));
        areas_m2.push_back(cells.cell_area(i));
    }
    detail::Random rng = stream(options, Stream::hierarchy);
    return detail::build_demo_geography(centroids, areas_m2, rng);
}

void write_boundaries(const std::string& out_dir, const DemoGeography& geography,
                      const Tessellation& cells, const Progress& progress) {
    const std::size_t total =
        geography.areas.size() + geography.wards.size() + geography.boroughs.size();
    std::size_t done = 0;
    const auto step = [&] {
        if (++done % 500 == 0 || done == total) {
            progress("boundaries", static_cast<double>(done) / static_cast<double>(total));
        }
    };
    GpkgWriter lsoa(in_dir(out_dir, DemoFileNames::lsoa_gpkg), "lsoa", british_national_grid,
                    {"lsoa_code", "lsoa_name"});
    for (const detail::DemoArea& area : geography.areas) {
        lsoa.add({area.code, area.name}, cells.cell(area.cell));
        step();
    }
    lsoa.close();

    GpkgWriter wards(in_dir(out_dir, DemoFileNames::ward_gpkg), "ward", british_national_grid,
                     {"ward_code", "ward_name", "lad_code"});
    for (const detail::DemoWard& ward : geography.wards) {
        std::vector<std::size_t> members;
        for (const std::size_t a : ward.areas) members.push_back(geography.areas[a].cell);
        wards.add({ward.code, ward.name, geography.boroughs[ward.borough].code},
                  cells.union_of(members));
        step();
    }
    wards.close();

    GpkgWriter boroughs(in_dir(out_dir, DemoFileNames::lad_gpkg), "lad", british_national_grid,
                        {"lad_code", "lad_name"});
    for (const detail::DemoBorough& borough : geography.boroughs) {
        std::vector<std::size_t> members;
        for (const std::size_t a : borough.areas) members.push_back(geography.areas[a].cell);
        boroughs.add({borough.code, borough.name}, cells.union_of(members));
        step();
    }
    boroughs.close();
}

void write_lookups(const std::string& out_dir, const DemoGeography& geography) {
    detail::CsvWriter areas(in_dir(out_dir, DemoFileNames::area_lookup_csv));
    for (const char* header :
         {"lsoa_code", "lsoa_name", "ward_code", "ward_name", "lad_code", "lad_name"}) {
        areas.text(header);
    }
    areas.end_row();
    for (const detail::DemoArea& area : geography.areas) {
        const detail::DemoWard& ward = geography.wards[area.ward];
        const detail::DemoBorough& borough = geography.boroughs[area.borough];
        areas.text(area.code).text(area.name).text(ward.code).text(ward.name);
        areas.text(borough.code).text(borough.name).end_row();
    }
    areas.close();

    detail::CsvWriter wards(in_dir(out_dir, DemoFileNames::ward_lookup_csv));
    for (const char* header : {"ward_code", "ward_name", "lad_code", "lad_name"}) {
        wards.text(header);
    }
    wards.end_row();
    for (const detail::DemoWard& ward : geography.wards) {
        const detail::DemoBorough& borough = geography.boroughs[ward.borough];
        wards.text(ward.code).text(ward.name).text(borough.code).text(borough.name).end_row();
    }
    wards.close();
}

/// Written last and renamed into place, so a folder with a manifest is a complete one.
void write_manifest(const std::string& out_dir, const std::string& text) {
    const std::string path = in_dir(out_dir, DemoFileNames::manifest);
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) throw Error(temporary + ": cannot write the manifest");
    }
    std::filesystem::rename(temporary, path);
}

detail::DemoManifestFacts manifest_facts(const DemoOptions& options, const DemoGeography& geography,
                                         std::size_t schools,
                                         const detail::IncidentFiles& incidents) {
    detail::DemoManifestFacts facts;
    facts.seed = options.seed;
    facts.areas = geography.areas.size();
    facts.wards = geography.wards.size();
    facts.boroughs = geography.boroughs.size();
    facts.schools = schools;
    facts.incidents = incidents.incidents;
    facts.incidents_file = incidents.points_file;
    facts.count_files = incidents.count_files;
    facts.first_month = incidents.first_month;
    facts.last_month = incidents.last_month;
    facts.gap_month = incidents.gap_month;
    facts.gap_borough = geography.boroughs[incidents.gap_borough].name;
    return facts;
}

DemoSummary summarise(const DemoGeography& geography, std::size_t schools,
                      const detail::IncidentFiles& incidents, double region_area_m2) {
    DemoSummary summary;
    summary.areas = static_cast<int>(geography.areas.size());
    summary.wards = static_cast<int>(geography.wards.size());
    summary.boroughs = static_cast<int>(geography.boroughs.size());
    summary.incidents = incidents.incidents;
    summary.schools = static_cast<int>(schools);
    summary.region_area_m2 = region_area_m2;
    summary.files = {DemoFileNames::lsoa_gpkg,       DemoFileNames::ward_gpkg,
                     DemoFileNames::lad_gpkg,        DemoFileNames::area_lookup_csv,
                     DemoFileNames::ward_lookup_csv, DemoFileNames::indicators_csv,
                     DemoFileNames::schools_csv,     incidents.points_file};
    summary.files.insert(summary.files.end(), incidents.count_files.begin(),
                         incidents.count_files.end());
    summary.files.push_back(DemoFileNames::manifest);
    return summary;
}

}  // namespace

DemoSummary write_demo_region(const std::string& out_dir, const DemoOptions& options,
                              const DemoProgress& progress_callback) {
    validate(options);
    const Progress progress(progress_callback);
    std::filesystem::create_directories(out_dir);
    // A stale manifest must not describe a half-rewritten folder.
    std::filesystem::remove(in_dir(out_dir, DemoFileNames::manifest));

    Tessellation cells = make_cells(options, progress);
    const DemoGeography geography = make_geography(cells, options);
    write_boundaries(out_dir, geography, cells, progress);
    write_lookups(out_dir, geography);

    progress("indicators", 0);
    detail::Random indicator_rng = stream(options, Stream::indicators);
    const auto indicators = detail::make_indicators(geography, indicator_rng);
    detail::write_indicators_csv(in_dir(out_dir, DemoFileNames::indicators_csv), geography,
                                 indicators);
    progress("indicators", 1);

    progress("schools", 0);
    const CoordinateTransform to_lon_lat("EPSG:" + std::to_string(british_national_grid),
                                         "EPSG:4326");
    detail::Random school_rng = stream(options, Stream::schools);
    const std::size_t schools =
        detail::write_schools_csv(in_dir(out_dir, DemoFileNames::schools_csv), geography,
                                  indicators, cells, to_lon_lat, school_rng);
    progress("schools", 1);

    progress("incidents", 0);
    detail::Random incident_rng = stream(options, Stream::incidents);
    const detail::IncidentFiles incidents =
        detail::write_incidents(out_dir, geography, indicators, cells, options.points, incident_rng,
                                [&](double fraction) { progress("incidents", fraction); });
    progress("incidents", 1);

    write_manifest(out_dir, detail::make_demo_manifest(
                                manifest_facts(options, geography, schools, incidents)));
    progress("manifest", 1);
    return summarise(geography, schools, incidents, cells.region_area());
}

}  // namespace sna::geo
