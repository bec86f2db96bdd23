#pragma once
/// Minimum-tie ranks of many scores, 1 = highest, by an LSD radix sort: the composite's
/// rank-stability analysis ranks every area once per draw (200 draws of 35,000 areas at national
/// size), where a comparison sort was most of the request's time.

#include <cstdint>
#include <vector>

namespace sna::geo {

/// Ranks scores; keeps its buffers between calls so the draws of one analysis allocate once.
class ScoreRanker {
public:
    /// Ranks 1 = highest score; ties (equal doubles, −0 equal to +0) share the minimum rank of
    /// their block; a non-finite score gets 0 and does not count. The same ranks as
    /// rank_values(…, {highest_first, minimum}). The reference is valid until the next call.
    const std::vector<int>& rank(const std::vector<double>& scores);

private:
    void radix_sort();
    void order_equal_keys(const std::vector<double>& scores);

    std::vector<std::uint64_t> m_items, m_swap;  ///< (32-bit key << 32) | area index
    std::vector<int> m_ranks;
};

/// A 32-bit key whose unsigned order is the descending order of the score rounded to float:
/// a ≥ b implies key(a) ≤ key(b) (rounding to nearest is monotonic), so sorting by the key and
/// then by the exact score within equal keys sorts by the exact score. −0 and +0 share a key.
/// @pre value is finite
std::uint32_t descending_key(double value);

}  // namespace sna::geo
