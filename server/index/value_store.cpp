#include "server/index/value_store.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace sna::server {

namespace {

constexpr double no_number = std::numeric_limits<double>::quiet_NaN();
constexpr std::int32_t no_count = std::numeric_limits<std::int32_t>::min();

const std::vector<std::string> no_periods;

double pack(const std::optional<double>& number) {
    return number ? *number : no_number;
}

std::optional<double> unpack(double number) {
    if (std::isnan(number)) return std::nullopt;
    return number;
}

std::int32_t pack(const std::optional<std::int64_t>& count, const geo::IndicatorValue& stored,
                  const char* column) {
    if (!count) return no_count;
    if (*count <= no_count || *count > std::numeric_limits<std::int32_t>::max()) {
        throw geo::DataError(
            {"indicator_values", stored.indicator_id + " " + stored.area_code + " " + stored.period,
             column},
            "expected a rank or decile within 32 bits, got " + std::to_string(*count));
    }
    return static_cast<std::int32_t>(*count);
}

std::optional<std::int64_t> unpack(std::int32_t count) {
    if (count == no_count) return std::nullopt;
    return count;
}

}  // namespace

std::uint16_t ValueStore::intern(std::vector<std::string>& pool,
                                 std::unordered_map<std::string, std::uint16_t>& ids,
                                 const std::string& text, const char* what) {
    const auto it = ids.find(text);
    if (it != ids.end()) return it->second;
    if (pool.size() > std::numeric_limits<std::uint16_t>::max()) {
        throw geo::DataError(
            {"indicator_values", "", what},
            std::string("expected at most 65,536 distinct ") + what + "s, the values have more");
    }
    const auto id = static_cast<std::uint16_t>(pool.size());
    pool.push_back(text);
    ids.emplace(text, id);
    return id;
}

void ValueStore::add(geo::IndicatorValue&& stored) {
    const Packed packed{pack(stored.value),
                        pack(stored.numerator),
                        pack(stored.denominator),
                        pack(stored.national_rank, stored, "national_rank"),
                        pack(stored.national_decile, stored, "national_decile"),
                        intern(m_period_names, m_period_ids, stored.period, "period"),
                        intern(m_flag_names, m_flag_ids, stored.flag, "flag")};
    m_values[stored.indicator_id][stored.area_code].push_back(packed);
}

void ValueStore::finish() {
    const auto by_period = [&](const Packed& a, const Packed& b) {
        return m_period_names[a.period] < m_period_names[b.period];
    };
    const auto incomplete = m_flag_ids.find("incomplete_month");
    for (auto& [indicator, by_area] : m_values) {
        std::set<std::string> all;
        std::set<std::string> flagged;
        for (auto& [_, series] : by_area) {
            std::sort(series.begin(), series.end(), by_period);
            series.shrink_to_fit();  // a national set holds millions of values: no growth slack
            for (const Packed& p : series) {
                all.insert(m_period_names[p.period]);
                if (incomplete != m_flag_ids.end() && p.flag == incomplete->second)
                    flagged.insert(m_period_names[p.period]);
            }
        }
        m_periods[indicator] = std::vector<std::string>(all.begin(), all.end());
        std::string best = all.empty() ? std::string() : *all.rbegin();
        for (auto it = all.rbegin(); it != all.rend(); ++it) {
            if (!flagged.count(*it)) {
                best = *it;
                break;
            }
        }
        m_default_period[indicator] = best;
    }
}

ValueEntry ValueStore::unpack(const Packed& packed) const {
    return ValueEntry{m_period_names[packed.period],
                      server::unpack(packed.value),
                      server::unpack(packed.numerator),
                      server::unpack(packed.denominator),
                      server::unpack(packed.national_rank),
                      server::unpack(packed.national_decile),
                      m_flag_names[packed.flag]};
}

const ValueStore::Series* ValueStore::find_series(const std::string& indicator_id,
                                                  const std::string& code) const {
    const auto by_indicator = m_values.find(indicator_id);
    if (by_indicator == m_values.end()) return nullptr;
    const auto by_area = by_indicator->second.find(code);
    return by_area == by_indicator->second.end() ? nullptr : &by_area->second;
}

std::vector<ValueEntry> ValueStore::series(const std::string& indicator_id,
                                           const std::string& code) const {
    std::vector<ValueEntry> out;
    if (const Series* series = find_series(indicator_id, code)) {
        out.reserve(series->size());
        for (const Packed& p : *series) out.push_back(unpack(p));
    }
    return out;
}

std::optional<ValueEntry> ValueStore::value(const std::string& indicator_id,
                                            const std::string& code,
                                            const std::string& period) const {
    const auto period_id = m_period_ids.find(period);
    if (period_id == m_period_ids.end()) return std::nullopt;
    const Series* series = find_series(indicator_id, code);
    if (series == nullptr) return std::nullopt;
    for (const Packed& p : *series) {
        if (p.period == period_id->second) return unpack(p);
    }
    return std::nullopt;
}

const std::vector<std::string>& ValueStore::periods(const std::string& indicator_id) const {
    const auto it = m_periods.find(indicator_id);
    return it == m_periods.end() ? no_periods : it->second;
}

std::string ValueStore::default_period(const std::string& indicator_id) const {
    const auto it = m_default_period.find(indicator_id);
    return it == m_default_period.end() ? std::string() : it->second;
}

}  // namespace sna::server
