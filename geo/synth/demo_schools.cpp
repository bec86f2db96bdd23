#include "geo/synth/demo_schools.hpp"

#include "geo/synth/csv_writer.hpp"
#include "geo/synth/demo_manifest.hpp"
#include "geo/synth/place_names.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sna::geo::detail {

namespace {

constexpr double areas_per_school = 8;
constexpr double inside_margin_m = 5;
constexpr int placement_attempts = 200;
constexpr std::int64_t first_urn = 900001;  // real URNs are below 200000

/// Per-phase figures; rates are per pupil per year at England-like levels (DfE 2022/23:
/// suspensions ~19 per 100 secondary pupils, ~2 primary; permanent exclusions ~0.2 / 0.03).
struct Phase {
    const char* name;
    double share;
    double headcount_mean;
    double headcount_sd;
    double headcount_min;
    double headcount_max;
    double suspension_rate;
    double exclusion_rate;
};

constexpr std::array<Phase, 4> phases{{
    {"Primary", 0.78, 360, 120, 60, 900, 0.02, 0.0003},
    {"Secondary", 0.15, 1050, 300, 300, 2000, 0.19, 0.0022},
    {"Special", 0.05, 140, 50, 30, 350, 0.11, 0.0008},
    {"Alternative provision", 0.02, 60, 25, 10, 150, 0.60, 0.0050},
}};

/// COVID-affected first year, then rising: the shape of the national series.
constexpr std::array<double, 3> year_factor{0.75, 0.95, 1.1};

const Phase& pick_phase(Random& rng) {
    double target = rng.uniform();
    for (const Phase& phase : phases) {
        target -= phase.share;
        if (target < 0) return phase;
    }
    return phases.front();
}

std::string school_name(const Phase& phase, const std::string& place, PlaceNames& names,
                        Random& rng) {
    const std::string phase_name = phase.name;
    const double style = rng.uniform();
    if (phase_name == "Primary") {
        if (style < 0.15) return names.saint() + " C of E Primary School";
        if (style < 0.25) return names.saint() + " Catholic Primary School";
        if (style < 0.45) return place + " Junior and Infant School";
        if (style < 0.60) return place + " Primary Academy";
        return place + " Primary School";
    }
    if (phase_name == "Secondary") {
        if (style < 0.15) return names.saint() + " Catholic High School";
        if (style < 0.55) return place + " Academy";
        return place + " High School";
    }
    if (phase_name == "Special") return place + " Special School";
    return place + " Pupil Referral Unit";
}

/// A point at least `inside_margin_m` inside the cell; GEOS's point-on-surface for slivers.
Point place_in_cell(std::size_t cell, Tessellation& cells, Random& rng) {
    const BBox box = cells.cell_bbox(cell);
    for (int attempt = 0; attempt < placement_attempts; ++attempt) {
        const Point p{std::round(rng.uniform(box.min_x, box.max_x) * 10) / 10,
                      std::round(rng.uniform(box.min_y, box.max_y) * 10) / 10};
        if (cells.contains(cell, p, inside_margin_m)) return p;
    }
    return cells.cell_interior_point(cell);
}

}  // namespace

std::size_t write_schools_csv(const std::string& path, const DemoGeography& geography,
                              const std::vector<AreaIndicators>& indicators, Tessellation& cells,
                              const CoordinateTransform& to_lon_lat, Random& rng) {
    const auto count = static_cast<std::size_t>(
        std::max(1L, std::lround(static_cast<double>(geography.areas.size()) / areas_per_school)));
    PlaceNames names(rng);
    CsvWriter csv(path);
    for (const char* header :
         {"urn", "school_name", "phase", "lad_name", "lsoa_code", "lon", "lat", "headcount"}) {
        csv.text(header);
    }
    for (const char* year : school_years) {
        csv.text(std::string("perm_excl_") + year).text(std::string("suspensions_") + year);
    }
    csv.end_row();

    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t area_index = rng.below(geography.areas.size());
        const DemoArea& area = geography.areas[area_index];
        const Phase& phase = pick_phase(rng);
        const std::string name = school_name(phase, geography.wards[area.ward].name, names, rng);
        const Point lon_lat = to_lon_lat.forward(place_in_cell(area.cell, cells, rng));
        const double headcount =
            std::round(std::clamp(rng.normal(phase.headcount_mean, phase.headcount_sd),
                                  phase.headcount_min, phase.headcount_max));
        const double need = 0.4 + 1.6 * indicators[area_index].deprivation_score / 80;
        const double school_effect = std::exp(rng.normal(0, 0.35));

        csv.integer(first_urn + static_cast<std::int64_t>(i)).text(name).text(phase.name);
        csv.text(geography.boroughs[area.borough].name).text(area.code);
        csv.fixed(lon_lat.x, 7).fixed(lon_lat.y, 7).integer(static_cast<std::int64_t>(headcount));
        for (const double factor : year_factor) {
            const double pupils = headcount * need * school_effect * factor;
            csv.integer(rng.poisson(pupils * phase.exclusion_rate));
            csv.integer(rng.poisson(pupils * phase.suspension_rate));
        }
        csv.end_row();
    }
    csv.close();
    return count;
}

}  // namespace sna::geo::detail
