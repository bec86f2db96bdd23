#include "geo/synth/demo_geography.hpp"

#include "geo/synth/clustering.hpp"
#include "geo/synth/place_names.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace sna::geo::detail {

namespace {

constexpr double areas_per_borough = 220;
constexpr std::size_t minimum_boroughs = 7;
constexpr double areas_per_ward = 9;
constexpr int borough_iterations = 10;
constexpr int ward_iterations = 6;

std::string make_code(const char* prefix, std::size_t number) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%06zu", prefix, number);
    return buffer;
}

/// Indices of `points` ordered north to south, then west to east; ties by index so the order
/// is total and identical under any std::sort.
std::vector<std::size_t> north_to_south(const std::vector<Point>& points) {
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (points[a].y != points[b].y) return points[a].y > points[b].y;
        if (points[a].x != points[b].x) return points[a].x < points[b].x;
        return a < b;
    });
    return order;
}

/// Groups `members` (cell indices) into about `count` clusters; returns cell lists in
/// north-to-south order of the clusters' seeds.
std::vector<std::vector<std::size_t>> group_cells(const std::vector<std::size_t>& members,
                                                  const std::vector<Point>& centroids,
                                                  std::size_t count, int iterations, Random& rng) {
    std::vector<Point> points;
    points.reserve(members.size());
    for (const std::size_t cell : members) points.push_back(centroids[cell]);
    const Clustering clustering =
        cluster_by_nearest_seed(points, std::min(count, members.size()), iterations, rng);
    std::vector<std::vector<std::size_t>> groups(clustering.seeds.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        groups[clustering.label[i]].push_back(members[i]);
    }
    std::vector<std::vector<std::size_t>> ordered;
    ordered.reserve(groups.size());
    for (const std::size_t g : north_to_south(clustering.seeds)) {
        ordered.push_back(std::move(groups[g]));
    }
    return ordered;
}

}  // namespace

std::size_t borough_count_for(std::size_t areas) {
    const auto scaled =
        static_cast<std::size_t>(std::lround(static_cast<double>(areas) / areas_per_borough));
    return std::min(areas, std::max(minimum_boroughs, scaled));
}

DemoGeography build_demo_geography(const std::vector<Point>& centroids,
                                   const std::vector<double>& areas_m2, Random& rng) {
    std::vector<std::size_t> all_cells(centroids.size());
    std::iota(all_cells.begin(), all_cells.end(), std::size_t{0});
    const auto borough_cells = group_cells(
        all_cells, centroids, borough_count_for(centroids.size()), borough_iterations, rng);
    PlaceNames names(rng);
    DemoGeography geography;
    for (const auto& cells_in_borough : borough_cells) {
        const std::size_t borough_index = geography.boroughs.size();
        DemoBorough borough;
        borough.code = make_code("S08", borough_index + 1);
        borough.name = names.next_place();
        const auto ward_count = static_cast<std::size_t>(std::max(
            1L, std::lround(static_cast<double>(cells_in_borough.size()) / areas_per_ward)));
        const auto ward_cells =
            group_cells(cells_in_borough, centroids, ward_count, ward_iterations, rng);
        for (std::size_t w = 0; w < ward_cells.size(); ++w) {
            const std::size_t ward_index = geography.wards.size();
            DemoWard ward;
            ward.code = make_code("S05", ward_index + 1);
            ward.name = names.next_ward();
            ward.borough = borough_index;
            std::vector<Point> ward_centroids;
            for (const std::size_t cell : ward_cells[w]) ward_centroids.push_back(centroids[cell]);
            const std::vector<std::size_t> order = north_to_south(ward_centroids);
            char number[32];
            std::snprintf(number, sizeof number, " %03zu", w + 1);
            for (std::size_t k = 0; k < order.size(); ++k) {
                const std::size_t cell = ward_cells[w][order[k]];
                DemoArea area;
                area.cell = cell;
                area.code = make_code("S01", geography.areas.size() + 1);
                area.name = borough.name + number + area_letters(k);
                area.ward = ward_index;
                area.borough = borough_index;
                area.centroid = centroids[cell];
                area.area_m2 = areas_m2[cell];
                ward.areas.push_back(geography.areas.size());
                borough.areas.push_back(geography.areas.size());
                geography.areas.push_back(std::move(area));
            }
            borough.wards.push_back(ward_index);
            geography.wards.push_back(std::move(ward));
        }
        geography.boroughs.push_back(std::move(borough));
    }
    return geography;
}

}  // namespace sna::geo::detail
