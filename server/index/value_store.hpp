#pragma once
/// The indicator values the server answers from, packed: a national build holds about seven
/// million of them, so each is stored in 40 bytes (three doubles with NaN for "none", rank and
/// decile as 32-bit integers, period and flag as indexes into small string pools) and unpacked
/// into a ValueEntry when asked for.

#include "geo/core/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::server {

/// One value of an indicator for one area and period, as the views read it.
struct ValueEntry {
    std::string period;
    std::optional<double> value;
    std::optional<double> numerator;
    std::optional<double> denominator;
    std::optional<std::int64_t> national_rank;
    std::optional<std::int64_t> national_decile;
    std::string flag;
};

class ValueStore {
public:
    /// Adds one stored value (any order). Call finish() after the last.
    /// @throws geo::DataError for a rank or decile outside 32 bits, or more than 65,535
    /// distinct periods or flags.
    void add(geo::IndicatorValue&& stored);
    /// Sorts every series by period and works out each indicator's periods and default period.
    void finish();

    /// All periods of one area, oldest first (empty when none).
    std::vector<ValueEntry> series(const std::string& indicator_id, const std::string& code) const;
    std::optional<ValueEntry> value(const std::string& indicator_id, const std::string& code,
                                    const std::string& period) const;
    /// Periods with values, oldest first.
    const std::vector<std::string>& periods(const std::string& indicator_id) const;
    /// The newest period with no incomplete flag (or the newest when all are flagged).
    std::string default_period(const std::string& indicator_id) const;

private:
    struct Packed {
        double value;
        double numerator;
        double denominator;
        std::int32_t national_rank;
        std::int32_t national_decile;
        std::uint16_t period;
        std::uint16_t flag;
    };
    /// An area's values, sorted by period after finish().
    using Series = std::vector<Packed>;

    /// The pool index of `text`, added if new.
    static std::uint16_t intern(std::vector<std::string>& pool,
                                std::unordered_map<std::string, std::uint16_t>& ids,
                                const std::string& text, const char* what);
    ValueEntry unpack(const Packed& packed) const;
    const Series* find_series(const std::string& indicator_id, const std::string& code) const;

    std::vector<std::string> m_period_names;
    std::unordered_map<std::string, std::uint16_t> m_period_ids;
    std::vector<std::string> m_flag_names;
    std::unordered_map<std::string, std::uint16_t> m_flag_ids;
    /// indicator → area code → series
    std::unordered_map<std::string, std::unordered_map<std::string, Series>> m_values;
    std::unordered_map<std::string, std::vector<std::string>> m_periods;
    std::unordered_map<std::string, std::string> m_default_period;
};

}  // namespace sna::server
