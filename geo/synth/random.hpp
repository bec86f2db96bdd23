#pragma once
/// A seeded random source whose draws are identical on every standard library.

#include <cstdint>
#include <random>

namespace sna::geo::detail {

/// std::mt19937_64's raw output is fixed by the standard, but std::*_distribution is not
/// (libstdc++ and libc++ differ), so every distribution here is computed from the raw 64 bits.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    /// A generator for one step of the demo, independent of how many draws other steps made,
    /// so e.g. changing the number of incidents leaves the boundaries unchanged.
    static Random for_stream(std::uint64_t seed, std::uint64_t stream);

    std::uint64_t next() { return m_engine(); }

    /// Uniform in [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }

    /// Uniform integer in [0, n), without modulo bias. @pre n > 0
    std::uint64_t below(std::uint64_t n);

    /// Standard normal by Marsaglia's polar method (needs only log and sqrt).
    double normal();
    double normal(double mean, double sd) { return mean + sd * normal(); }

    /// Poisson count: exact (Knuth) for small means, rounded normal approximation above 30.
    std::int64_t poisson(double mean);

private:
    std::mt19937_64 m_engine;
    double m_spare = 0;
    bool m_has_spare = false;
};

}  // namespace sna::geo::detail
