#pragma once
/// Per-area counts of joined points by category and period, written as indicators (counts, and
/// crude rates per resident with the count as numerator) like the police.uk series.

#include "geo/import/build_context.hpp"

#include <map>
#include <string>
#include <vector>

namespace sna::geo {

class PointAreaCounter {
public:
    PointAreaCounter(const PointSource& source, const PointAreaCounts& spec)
        : m_source(source), m_spec(spec) {}

    /// One point in area `area` (index into the set's codes); unjoined points are not counted.
    void add(const std::string& category, const std::string& period, std::size_t area);

    /// Writes `<prefix>_<category slug>` and `<prefix>_all` count indicators (zero-filled for
    /// every area of the set) and, when rates are asked for, `…_rate` per `rate_per` residents
    /// using the population recorded for the set.
    void write(BuildContext& ctx) const;

    std::int64_t counted() const { return m_counted; }

private:
    using ByArea = std::map<std::size_t, double>;
    void write_category(BuildContext& ctx, const std::string& slug, const std::string& category,
                        const std::map<std::string, ByArea>& by_period) const;

    const PointSource& m_source;
    const PointAreaCounts& m_spec;
    /// category → period → area index → count
    std::map<std::string, std::map<std::string, ByArea>> m_counts;
    std::int64_t m_counted = 0;
};

}  // namespace sna::geo
