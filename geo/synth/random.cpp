#include "geo/synth/random.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace sna::geo::detail {

namespace {

/// SplitMix64 finaliser: spreads a (seed, stream) pair over all 64 bits.
std::uint64_t mix(std::uint64_t value) {
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

}  // namespace

Random Random::for_stream(std::uint64_t seed, std::uint64_t stream) {
    return Random{mix(mix(seed) ^ mix(stream + 0x632be59bd9b4e019ULL))};
}

std::uint64_t Random::below(std::uint64_t n) {
    assert(n > 0);
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t limit = max - (max % n + 1) % n;  // largest multiple of n, minus one
    for (;;) {
        const std::uint64_t value = m_engine();
        if (value <= limit) return value % n;
    }
}

double Random::normal() {
    if (m_has_spare) {
        m_has_spare = false;
        return m_spare;
    }
    for (;;) {
        const double u = 2.0 * uniform() - 1.0;
        const double v = 2.0 * uniform() - 1.0;
        const double s = u * u + v * v;
        if (s <= 0.0 || s >= 1.0) continue;
        const double factor = std::sqrt(-2.0 * std::log(s) / s);
        m_spare = v * factor;
        m_has_spare = true;
        return u * factor;
    }
}

std::int64_t Random::poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) {
        const double value = std::round(normal(mean, std::sqrt(mean)));
        return value < 0 ? 0 : static_cast<std::int64_t>(value);
    }
    const double limit = std::exp(-mean);
    std::int64_t count = 0;
    double product = uniform();
    while (product > limit) {
        ++count;
        product *= uniform();
    }
    return count;
}

}  // namespace sna::geo::detail
