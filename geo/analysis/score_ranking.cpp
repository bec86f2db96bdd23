#include "geo/analysis/score_ranking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace sna::geo {

namespace {

constexpr int digit_bits = 11;
constexpr std::size_t buckets = std::size_t{1} << digit_bits;
constexpr std::array<int, 3> digit_shifts = {32, 43, 54};  // the key's 32 bits: 11 + 11 + 10

std::size_t digit_of(std::uint64_t item, int shift) {
    return static_cast<std::size_t>((item >> shift) & (buckets - 1));
}

std::uint32_t key_of(std::uint64_t item) {
    return static_cast<std::uint32_t>(item >> 32);
}

std::size_t index_of(std::uint64_t item) {
    return static_cast<std::size_t>(item & 0xffffffffu);
}

}  // namespace

std::uint32_t descending_key(double value) {
    const float rounded = static_cast<float>(value) + 0.0f;  // −0 + 0 = +0
    std::uint32_t bits = 0;
    std::memcpy(&bits, &rounded, sizeof bits);
    const std::uint32_t sign = std::uint32_t{1} << 31;
    // IEEE 754 bits ordered as unsigned integers: flip every bit of a negative, the sign bit of
    // a positive; then flip all for descending order.
    const std::uint32_t ascending = (bits & sign) ? ~bits : bits | sign;
    return ~ascending;
}

const std::vector<int>& ScoreRanker::rank(const std::vector<double>& scores) {
    m_items.clear();
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!std::isfinite(scores[i])) continue;
        m_items.push_back(std::uint64_t{descending_key(scores[i])} << 32 | i);
    }
    radix_sort();
    order_equal_keys(scores);
    m_ranks.assign(scores.size(), 0);
    std::size_t block_start = 0;
    for (std::size_t k = 0; k < m_items.size(); ++k) {
        if (scores[index_of(m_items[k])] != scores[index_of(m_items[block_start])]) block_start = k;
        m_ranks[index_of(m_items[k])] = static_cast<int>(block_start + 1);
    }
    return m_ranks;
}

void ScoreRanker::radix_sort() {
    const std::size_t n = m_items.size();
    std::array<std::array<std::uint32_t, buckets>, digit_shifts.size()> counts{};
    for (const std::uint64_t item : m_items) {
        for (std::size_t p = 0; p < digit_shifts.size(); ++p)
            ++counts[p][digit_of(item, digit_shifts[p])];
    }
    m_swap.resize(n);
    for (std::size_t p = 0; p < digit_shifts.size() && n > 0; ++p) {
        const int shift = digit_shifts[p];
        auto& c = counts[p];
        if (c[digit_of(m_items[0], shift)] == n) continue;  // one digit for all: order kept
        std::uint32_t offset = 0;
        for (auto& slot : c) {
            const std::uint32_t count = slot;
            slot = offset;
            offset += count;
        }
        for (const std::uint64_t item : m_items) m_swap[c[digit_of(item, shift)]++] = item;
        m_items.swap(m_swap);
    }
}

void ScoreRanker::order_equal_keys(const std::vector<double>& scores) {
    // Scores that round to the same float share a key: order each such run exactly.
    std::size_t start = 0;
    for (std::size_t k = 1; k <= m_items.size(); ++k) {
        if (k < m_items.size() && key_of(m_items[k]) == key_of(m_items[start])) continue;
        if (k - start > 1) {
            std::sort(m_items.begin() + static_cast<std::ptrdiff_t>(start),
                      m_items.begin() + static_cast<std::ptrdiff_t>(k),
                      [&](std::uint64_t a, std::uint64_t b) {
                          return scores[index_of(a)] > scores[index_of(b)];
                      });
        }
        start = k;
    }
}

}  // namespace sna::geo
