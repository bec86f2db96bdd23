#pragma once
/// The synthetic hierarchy: small areas nested in wards nested in boroughs, with codes and names.

#include "geo/core/geometry.hpp"
#include "geo/synth/random.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sna::geo::detail {

struct DemoArea {
    std::size_t cell = 0;  ///< index into the Tessellation
    std::string code;      ///< "S01000001"
    std::string name;      ///< "<borough> <ward number><letters>", like "Birmingham 067A"
    std::size_t ward = 0;
    std::size_t borough = 0;
    Point centroid;
    double area_m2 = 0;
};

struct DemoWard {
    std::string code;  ///< "S05000001"
    std::string name;
    std::size_t borough = 0;
    std::vector<std::size_t> areas;  ///< indices into DemoGeography::areas
};

struct DemoBorough {
    std::string code;  ///< "S08000001"
    std::string name;
    std::vector<std::size_t> areas;
    std::vector<std::size_t> wards;
};

/// Areas, wards and boroughs in code order (boroughs north to south, wards likewise within a
/// borough, areas likewise within a ward — roughly how ONS numbers MSOAs).
struct DemoGeography {
    std::vector<DemoArea> areas;
    std::vector<DemoWard> wards;
    std::vector<DemoBorough> boroughs;
};

/// How many boroughs a region of `areas` small areas gets: 7 like the West Midlands, growing
/// beyond ~1,500 areas so a national-size run has borough-sized boroughs (~220 areas each).
std::size_t borough_count_for(std::size_t areas);

/// Groups cells into boroughs (nearest of a few seeds) and each borough's cells into wards
/// (about 9 cells each), then names and codes everything.
/// @pre centroids.size() == areas_m2.size() and is at least 1
DemoGeography build_demo_geography(const std::vector<Point>& centroids,
                                   const std::vector<double>& areas_m2, Random& rng);

}  // namespace sna::geo::detail
