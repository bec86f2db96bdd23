#include "geo/synth/demo_indicators.hpp"

#include "geo/synth/csv_writer.hpp"

#include <algorithm>
#include <cmath>

namespace sna::geo::detail {

namespace {

constexpr double national_areas = 32844;
constexpr double max_score = 80;
constexpr double pi = 3.14159265358979323846;

struct Bump {
    Point centre;
    double sigma = 1;
    double amplitude = 0;
};

/// Rank of `value` in a notional national distribution with Weibull tail
/// P(X > v) = exp(-(v / scale)^shape): rank 1 is the highest value.
std::int64_t national_rank(double value, double scale, double shape) {
    const double share_above = std::exp(-std::pow(std::max(value, 0.0) / scale, shape));
    const double rank = 1 + std::floor(share_above * (national_areas - 1));
    return static_cast<std::int64_t>(std::clamp(rank, 1.0, national_areas));
}

std::int64_t decile_of(std::int64_t rank) {
    return 1 + static_cast<std::int64_t>(
                   std::floor(static_cast<double>(rank - 1) * 10 / national_areas));
}

double round_to(double value, double step) {
    return std::round(value / step) * step;
}

std::vector<Bump> make_bumps(const DemoGeography& geography, Random& rng) {
    double total_area = 0;
    for (const DemoArea& area : geography.areas) total_area += area.area_m2;
    const double borough_radius =
        std::sqrt(total_area / static_cast<double>(geography.boroughs.size()) / pi);
    std::vector<Bump> bumps;
    const std::size_t count = geography.boroughs.size() + 3;
    for (std::size_t i = 0; i < count; ++i) {
        Bump bump;
        bump.centre = geography.areas[rng.below(geography.areas.size())].centroid;
        bump.sigma = borough_radius * rng.uniform(0.25, 0.8);
        bump.amplitude = rng.uniform(10, 42);
        bumps.push_back(bump);
    }
    return bumps;
}

double field_at(const std::vector<Bump>& bumps, const Point& p) {
    double sum = 0;
    for (const Bump& bump : bumps) {
        const double dx = p.x - bump.centre.x;
        const double dy = p.y - bump.centre.y;
        const double d2 = (dx * dx + dy * dy) / (2 * bump.sigma * bump.sigma);
        if (d2 < 40) sum += bump.amplitude * std::exp(-d2);
    }
    return sum;
}

}  // namespace

std::vector<AreaIndicators> make_indicators(const DemoGeography& geography, Random& rng) {
    const std::vector<Bump> bumps = make_bumps(geography, rng);
    std::vector<AreaIndicators> values;
    values.reserve(geography.areas.size());
    for (const DemoArea& area : geography.areas) {
        AreaIndicators v;
        const double raw = 4 + field_at(bumps, area.centroid) + rng.normal(0, 4);
        // tanh squashes the sum of overlapping bumps smoothly into 0–80.
        v.deprivation_score =
            round_to(std::max(0.5, max_score * std::tanh(std::max(raw, 0.0) / max_score)), 0.001);
        const double level = v.deprivation_score / max_score;  // 0–1
        v.deprivation_rank = national_rank(v.deprivation_score, 22, 1.4);
        v.deprivation_decile = decile_of(v.deprivation_rank);

        v.population =
            std::llround(std::clamp(rng.normal(1550 + 350 * level, 260), 1000.0, 3000.0));
        const auto people = static_cast<double>(v.population);
        v.population_0_15 = std::llround(people * (rng.uniform(0.14, 0.22) + 0.06 * level));
        v.population_10_24 = std::llround(people * (rng.uniform(0.14, 0.21) + 0.04 * level));

        v.income_score =
            round_to(std::clamp(0.015 + 0.5 * level + rng.normal(0, 0.02), 0.005, 0.7), 0.001);
        const double idaci = std::clamp(0.02 + 0.62 * level + rng.normal(0, 0.03), 0.004, 0.85);
        v.idaci_numerator = std::llround(idaci * static_cast<double>(v.population_0_15));
        v.idaci_score = round_to(
            static_cast<double>(v.idaci_numerator) / static_cast<double>(v.population_0_15), 0.001);
        v.idaci_rank = national_rank(v.idaci_score, 0.16, 1.3);
        v.idaci_decile = decile_of(v.idaci_rank);
        v.density_per_km2 = round_to(people / (area.area_m2 / 1e6), 0.1);
        values.push_back(v);
    }
    return values;
}

void write_indicators_csv(const std::string& path, const DemoGeography& geography,
                          const std::vector<AreaIndicators>& values) {
    CsvWriter csv(path);
    for (const char* header :
         {"lsoa_code", "lsoa_name", "lad_code", "lad_name", "population", "population_0_15",
          "population_10_24", "deprivation_score", "deprivation_rank", "deprivation_decile",
          "income_score", "idaci_numerator", "idaci_score", "idaci_rank", "idaci_decile",
          "density_per_km2"}) {
        csv.text(header);
    }
    csv.end_row();
    for (std::size_t i = 0; i < geography.areas.size(); ++i) {
        const DemoArea& area = geography.areas[i];
        const DemoBorough& borough = geography.boroughs[area.borough];
        const AreaIndicators& v = values[i];
        csv.text(area.code).text(area.name).text(borough.code).text(borough.name);
        csv.integer(v.population).integer(v.population_0_15).integer(v.population_10_24);
        csv.fixed(v.deprivation_score, 3).integer(v.deprivation_rank).integer(v.deprivation_decile);
        csv.fixed(v.income_score, 3).integer(v.idaci_numerator).fixed(v.idaci_score, 3);
        csv.integer(v.idaci_rank).integer(v.idaci_decile).fixed(v.density_per_km2, 1);
        csv.end_row();
    }
    csv.close();
}

}  // namespace sna::geo::detail
