#include "geo/synth/demo_incidents.hpp"

#include "geo/synth/csv_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>

namespace sna::geo::detail {

namespace {

constexpr int first_year = 2023;
constexpr std::size_t month_count = 24;
constexpr int placement_attempts = 100;
constexpr double edge_clearance_m = 0.05;
constexpr std::int64_t progress_steps = 100;

/// police.uk categories with a national-like share, how strongly each follows deprivation,
/// and how much more of it happens in a borough's centre (night-time economy, shops).
struct Category {
    const char* name;
    double share;
    double deprivation_power;
    double centre_boost;
};

// Alphabetical, which is also the order of the count table's rows.
constexpr std::array<Category, 7> categories{{
    {"Anti-social behaviour", 0.30, 1.0, 4},
    {"Burglary", 0.09, 0.5, 1},
    {"Drugs", 0.07, 1.5, 3},
    {"Possession of weapons", 0.03, 1.8, 3},
    {"Public order", 0.10, 1.1, 5},
    {"Robbery", 0.05, 1.6, 6},
    {"Violence and sexual offences", 0.36, 1.2, 4},
}};
constexpr std::size_t category_count = categories.size();

std::string month_label(std::size_t month) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", first_year + static_cast<int>(month / 12),
                  static_cast<int>(month % 12) + 1);
    return buffer;
}

/// Cumulative sums for sampling an index in proportion to its weight (binary search).
class WeightedIndex {
public:
    explicit WeightedIndex(const std::vector<double>& weights) : m_cumulative(weights.size()) {
        std::partial_sum(weights.begin(), weights.end(), m_cumulative.begin());
    }
    double total() const { return m_cumulative.empty() ? 0 : m_cumulative.back(); }
    std::size_t draw(Random& rng) const {
        const double target = rng.uniform() * total();
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target);
        return std::min(static_cast<std::size_t>(it - m_cumulative.begin()),
                        m_cumulative.size() - 1);
    }

private:
    std::vector<double> m_cumulative;
};

/// Each borough's "town centre": the area nearest the population-weighted mean of its areas.
std::vector<bool> find_centres(const DemoGeography& geography,
                               const std::vector<AreaIndicators>& indicators) {
    std::vector<bool> is_centre(geography.areas.size(), false);
    for (const DemoBorough& borough : geography.boroughs) {
        Point mean{0, 0};
        double people = 0;
        for (const std::size_t a : borough.areas) {
            const auto weight = static_cast<double>(indicators[a].population);
            mean.x += geography.areas[a].centroid.x * weight;
            mean.y += geography.areas[a].centroid.y * weight;
            people += weight;
        }
        mean = Point{mean.x / people, mean.y / people};
        std::size_t best = borough.areas.front();
        double best_distance = std::numeric_limits<double>::infinity();
        for (const std::size_t a : borough.areas) {
            const double dx = geography.areas[a].centroid.x - mean.x;
            const double dy = geography.areas[a].centroid.y - mean.y;
            if (dx * dx + dy * dy < best_distance) {
                best_distance = dx * dx + dy * dy;
                best = a;
            }
        }
        is_centre[best] = true;
    }
    return is_centre;
}

/// How the incidents are spread. Counts per borough and month are fixed in advance (only
/// seasonality varies them), so the deliberate gap is the only month a completeness check
/// flags, however few incidents are asked for; within a borough-month, category and area are
/// drawn at random.
struct IncidentPlan {
    std::vector<WeightedIndex> category_in_borough;            ///< [borough]
    std::vector<std::vector<WeightedIndex>> area_in_borough;   ///< [borough][category]
    std::vector<std::array<std::int64_t, month_count>> count;  ///< [borough][month]
    std::size_t gap_month = 0;
    std::size_t gap_borough = 0;
};

/// Relative incidence of each category in each area: population × need^power × centre boost.
std::vector<std::vector<double>> area_weights(const DemoGeography& geography,
                                              const std::vector<AreaIndicators>& indicators) {
    const std::vector<bool> is_centre = find_centres(geography, indicators);
    std::vector<std::vector<double>> weights(category_count,
                                             std::vector<double>(geography.areas.size()));
    for (std::size_t c = 0; c < category_count; ++c) {
        for (std::size_t a = 0; a < geography.areas.size(); ++a) {
            // Crime rates in the most deprived areas run several times those in the least.
            const double need = 0.35 + indicators[a].deprivation_score / 30;
            weights[c][a] = static_cast<double>(indicators[a].population) *
                            std::pow(need, categories[c].deprivation_power) *
                            (is_centre[a] ? categories[c].centre_boost : 1.0);
        }
    }
    return weights;
}

/// Splits `total` in proportion to `expected` (largest remainders; ties to the lower index).
std::vector<std::int64_t> apportion(const std::vector<double>& expected, std::int64_t total) {
    const double sum = std::accumulate(expected.begin(), expected.end(), 0.0);
    std::vector<std::int64_t> result(expected.size(), 0);
    std::vector<double> remainder(expected.size(), 0);
    std::int64_t assigned = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double exact = sum > 0 ? static_cast<double>(total) * expected[i] / sum : 0;
        result[i] = static_cast<std::int64_t>(std::floor(exact));
        remainder[i] = exact - std::floor(exact);
        assigned += result[i];
    }
    std::vector<std::size_t> order(expected.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
    });
    for (std::size_t i = 0; assigned < total; ++i, ++assigned) ++result[order[i % order.size()]];
    return result;
}

IncidentPlan make_plan(const DemoGeography& geography,
                       const std::vector<AreaIndicators>& indicators, std::int64_t points,
                       Random& rng) {
    IncidentPlan plan;
    plan.gap_month = 12 + rng.below(12);
    plan.gap_borough = rng.below(geography.boroughs.size());
    const auto weights = area_weights(geography, indicators);
    std::array<double, category_count> category_total{};
    for (std::size_t c = 0; c < category_count; ++c) {
        category_total[c] = std::accumulate(weights[c].begin(), weights[c].end(), 0.0);
    }

    constexpr double pi = 3.14159265358979323846;
    std::vector<double> expected;  // [borough * month_count + month]
    for (const DemoBorough& borough : geography.boroughs) {
        std::vector<double> category_weight(category_count, 0);
        std::vector<WeightedIndex> areas;
        for (std::size_t c = 0; c < category_count; ++c) {
            std::vector<double> local;
            for (const std::size_t a : borough.areas) local.push_back(weights[c][a]);
            areas.emplace_back(local);
            category_weight[c] = categories[c].share * areas.back().total() / category_total[c];
        }
        plan.area_in_borough.push_back(std::move(areas));
        plan.category_in_borough.emplace_back(category_weight);
        const double borough_weight = plan.category_in_borough.back().total();
        for (std::size_t m = 0; m < month_count; ++m) {
            // Summer peak and a slight upward trend.
            const double season =
                1 + 0.12 * std::sin(2 * pi * (static_cast<double>(m % 12) - 3.5) / 12) +
                0.002 * static_cast<double>(m);
            expected.push_back(borough_weight * season);
        }
    }
    expected[plan.gap_borough * month_count + plan.gap_month] = 0;
    const std::vector<std::int64_t> counts = apportion(expected, points);
    plan.count.resize(geography.boroughs.size());
    for (std::size_t b = 0; b < geography.boroughs.size(); ++b) {
        for (std::size_t m = 0; m < month_count; ++m) {
            plan.count[b][m] = counts[b * month_count + m];
        }
    }
    return plan;
}

/// A whole-metre point at least edge_clearance_m inside the cell; GEOS's point-on-surface for
/// slivers.
Point place_in_cell(std::size_t cell, Tessellation& cells, Random& rng) {
    const BBox box = cells.cell_bbox(cell);
    for (int attempt = 0; attempt < placement_attempts; ++attempt) {
        const Point p{std::round(rng.uniform(box.min_x, box.max_x)),
                      std::round(rng.uniform(box.min_y, box.max_y))};
        // A small clearance keeps the point in the same area after the build reprojects
        // points and polygons separately (otherwise ~1 in 60,000 lands within a millimetre
        // of an edge and can flip).
        if (cells.contains(cell, p, edge_clearance_m)) return p;
    }
    const Point p = cells.cell_interior_point(cell);
    return Point{std::round(p.x * 100) / 100, std::round(p.y * 100) / 100};
}

/// Whole metres print as integers (the common case, and much cheaper than printf), fallback
/// points with centimetres.
void write_metres(CsvWriter& csv, double value) {
    if (value == std::floor(value)) {
        csv.integer(static_cast<std::int64_t>(value));
    } else {
        csv.fixed(value, 2);
    }
}

void write_count_tables(const std::string& out_dir, const DemoGeography& geography,
                        const std::vector<std::uint32_t>& counts, IncidentFiles& files) {
    for (std::size_t year = 0; year < month_count / 12; ++year) {
        const std::string name =
            "demo_crime_counts_" + std::to_string(first_year + static_cast<int>(year)) + ".csv";
        CsvWriter csv((std::filesystem::path(out_dir) / name).string());
        for (const char* header :
             {"lsoa_code", "lsoa_name", "lad_name", "category", "year", "month", "crime_count"}) {
            csv.text(header);
        }
        csv.end_row();
        for (std::size_t a = 0; a < geography.areas.size(); ++a) {
            const DemoArea& area = geography.areas[a];
            for (std::size_t c = 0; c < category_count; ++c) {
                for (std::size_t m = year * 12; m < year * 12 + 12; ++m) {
                    const std::uint32_t count = counts[(a * category_count + c) * month_count + m];
                    if (count == 0) continue;
                    csv.text(area.code).text(area.name).text(geography.boroughs[area.borough].name);
                    csv.text(categories[c].name).integer(first_year + static_cast<int>(year));
                    csv.integer(static_cast<std::int64_t>(m % 12 + 1)).integer(count);
                    csv.end_row();
                }
            }
        }
        csv.close();
        files.count_files.push_back(name);
    }
}

}  // namespace

IncidentFiles write_incidents(const std::string& out_dir, const DemoGeography& geography,
                              const std::vector<AreaIndicators>& indicators, Tessellation& cells,
                              std::int64_t points, Random& rng,
                              const std::function<void(double)>& report) {
    const IncidentPlan plan = make_plan(geography, indicators, points, rng);
    IncidentFiles files;
    files.points_file = "demo_incidents.csv";
    files.first_month = month_label(0);
    files.last_month = month_label(month_count - 1);
    files.gap_month = month_label(plan.gap_month);
    files.gap_borough = plan.gap_borough;

    std::vector<std::uint32_t> counts(geography.areas.size() * category_count * month_count, 0);
    CsvWriter csv((std::filesystem::path(out_dir) / files.points_file).string());
    for (const char* header :
         {"incident_id", "month", "easting", "northing", "category", "lsoa_code"}) {
        csv.text(header);
    }
    csv.end_row();
    const std::int64_t report_every = std::max<std::int64_t>(1, points / progress_steps);
    std::int64_t written = 0;
    for (std::size_t m = 0; m < month_count; ++m) {
        const std::string month = month_label(m);
        for (std::size_t b = 0; b < geography.boroughs.size(); ++b) {
            for (std::int64_t i = 0; i < plan.count[b][m]; ++i) {
                const std::size_t c = plan.category_in_borough[b].draw(rng);
                const std::size_t a =
                    geography.boroughs[b].areas[plan.area_in_borough[b][c].draw(rng)];
                const DemoArea& area = geography.areas[a];
                const Point p = place_in_cell(area.cell, cells, rng);
                ++counts[(a * category_count + c) * month_count + m];
                ++written;
                csv.integer(written).text(month);
                write_metres(csv, p.x);
                write_metres(csv, p.y);
                csv.text(categories[c].name).text(area.code);
                csv.end_row();
                if (report && written % report_every == 0) {
                    report(static_cast<double>(written) / static_cast<double>(points));
                }
            }
        }
    }
    csv.close();
    files.incidents = written;
    write_count_tables(out_dir, geography, counts, files);
    return files;
}

}  // namespace sna::geo::detail
