#pragma once
/// Made-up English-sounding names for the synthetic boroughs, wards and schools.

#include "geo/synth/random.hpp"

#include <cstddef>
#include <set>
#include <string>

namespace sna::geo::detail {

/// Hands out names that are unique among everything it has handed out ("Oakbury",
/// "Thornley Heath"), falling back to a numbered name once the combinations run short.
class PlaceNames {
public:
    explicit PlaceNames(Random& rng) : m_rng(rng) {}

    /// A settlement name, e.g. "Brookham".
    std::string next_place();
    /// A ward-style name, e.g. "Brookham Heath".
    std::string next_ward();
    /// A saint's name for church schools, e.g. "St Chad's" (not unique).
    std::string saint();

private:
    std::string random_place();
    std::string make_unique(std::string candidate_base, bool with_feature);

    Random& m_rng;
    std::set<std::string> m_used;
};

/// Letters that follow the number in a small area's name: 0 → "A", 25 → "Z", 26 → "AA".
std::string area_letters(std::size_t index);

}  // namespace sna::geo::detail
