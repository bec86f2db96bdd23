#include "server/index/profile_figures.hpp"

#include "server/index/data_index.hpp"

#include "geo/analysis/ranking.hpp"

#include <functional>

namespace sna::server {

namespace {

std::string key_of(const std::string& parent_set, const std::string& parent_code) {
    // The region ignores the code, as DataIndex::comparator does.
    return parent_set.empty() ? std::string("\n") : parent_set + "\n" + parent_code;
}

/// Rank, decile and quintile of every present value, worst first by polarity; none for neutral
/// indicators (what the profile has always shown).
std::vector<std::optional<AreaPosition>> positions_of(
    const std::vector<std::optional<double>>& values, const geo::Indicator& i) {
    std::vector<std::optional<AreaPosition>> out(values.size());
    if (i.polarity == geo::Polarity::neutral) return out;
    const auto order = geo::worst_first(i.polarity);
    const auto ranks = geo::rank_values(values, {order, geo::TieMethod::minimum});
    const auto deciles = geo::deciles(values, order);
    const auto quintiles = geo::quintiles(values, order);
    std::size_t ranked = 0;
    for (const auto& v : values) ranked += v ? 1 : 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
        if (values[k]) out[k] = AreaPosition{ranks[k], deciles[k], quintiles[k], ranked};
    }
    return out;
}

/// Indicators published for finer sets whose areas nest in `set_id` (LSOAs in wards, boroughs).
bool nests_in(const DataIndex& data, const geo::Indicator& i, const std::string& set_id) {
    if (i.set_id == set_id) return false;
    const auto& areas = data.areas_in_set(i.set_id);
    return !areas.empty() && areas.front()->parents.count(set_id) > 0;
}

}  // namespace

ComparatorValue pool_comparator(const geo::Indicator& indicator, geo::AggregateMethod method,
                                const std::vector<geo::AggregateInput>& inputs) {
    auto r = geo::aggregate(inputs, method);
    // Ratios are recomputed from the summed numerators and denominators, on the indicator's scale.
    if (r.numerator && r.denominator)
        r.value = geo::value_of_ratio(indicator, *r.numerator, *r.denominator);
    return {r.value, r.method, r.areas, r.numerator, r.denominator};
}

ProfileFigures::ProfileFigures(const DataIndex& data) : m_data(data) {
    for (const auto& [set, _] : data.area_sets()) {
        const auto& areas = data.areas_in_set(set.id);
        for (std::size_t k = 0; k < areas.size(); ++k) m_slot[areas[k]] = k;
    }
    m_indicators.resize(data.indicators().size());
    for (std::size_t n = 0; n < data.indicators().size(); ++n) {
        const geo::Indicator& i = data.indicators()[n];
        PerIndicator& out = m_indicators[n];
        out.period = data.default_period(i.id);
        const auto method = geo::method_for(i);
        if (method) {
            pool_comparators(data, i, *method, out);
            out.pooled = true;
        }
        rank_set(data, i, i.set_id, out);
        if (!method) continue;
        for (const auto& [set, _] : data.area_sets()) {
            if (nests_in(data, i, set.id)) rank_set(data, i, set.id, out);
        }
    }
}

ProfileFigures::~ProfileFigures() = default;

void ProfileFigures::pool_comparators(const DataIndex& data, const geo::Indicator& i,
                                      geo::AggregateMethod method, PerIndicator& out) const {
    // Children join their parents' groups in set order, so every sum adds in the same order as
    // the per-request computation did (the figures are identical, not merely close).
    std::unordered_map<std::string, std::vector<geo::AggregateInput>> groups;
    std::vector<geo::AggregateInput> region;
    for (const AreaEntry* a : data.areas_in_set(i.set_id)) {
        const std::optional<ValueEntry> v = data.value(i.id, a->code, out.period);
        const bool present = v && v->value;
        for (const auto& [parent_set, parent_code] : a->parents) {
            auto& group = groups[key_of(parent_set, parent_code)];
            if (present) group.push_back({*v->value, a->population, v->numerator, v->denominator});
        }
        if (present) region.push_back({*v->value, a->population, v->numerator, v->denominator});
    }
    for (const auto& [key, inputs] : groups)
        out.comparators.emplace(key, pool_comparator(i, method, inputs));
    out.comparators.emplace(key_of("", ""), pool_comparator(i, method, region));
}

void ProfileFigures::rank_set(const DataIndex& data, const geo::Indicator& i,
                              const std::string& set_id, PerIndicator& out) const {
    const auto& areas = data.areas_in_set(set_id);
    std::vector<std::optional<double>> values;
    values.reserve(areas.size());
    for (const AreaEntry* a : areas) {
        if (set_id == i.set_id) {
            const std::optional<ValueEntry> v = data.value(i.id, a->code, out.period);
            values.push_back(v ? v->value : std::nullopt);
        } else {
            const auto c = out.comparators.find(key_of(set_id, a->code));
            values.push_back(c == out.comparators.end() ? std::nullopt : c->second.value);
        }
    }
    SetPositions& positions = out.positions[set_id];
    positions.regional = positions_of(values, i);
    positions.borough.assign(areas.size(), std::nullopt);
    // Boroughs in set order; each borough's areas keep set order.
    std::map<std::string, std::vector<std::size_t>> boroughs;
    for (std::size_t k = 0; k < areas.size(); ++k) {
        const auto lad = areas[k]->parents.find(data.borough_set());
        if (lad != areas[k]->parents.end()) boroughs[lad->second].push_back(k);
    }
    for (const auto& [_, members] : boroughs) {
        std::vector<std::optional<double>> peers;
        for (const std::size_t k : members) peers.push_back(values[k]);
        const auto ranked = positions_of(peers, i);
        for (std::size_t m = 0; m < members.size(); ++m) positions.borough[members[m]] = ranked[m];
    }
}

const ProfileFigures::PerIndicator* ProfileFigures::of(const geo::Indicator& indicator) const {
    const auto& all = m_data.indicators();
    const std::less<const geo::Indicator*> before;
    if (all.empty() || before(&indicator, &all.front()) || before(&all.back(), &indicator)) {
        const geo::Indicator* known = m_data.indicator(indicator.id);
        return known ? of(*known) : nullptr;
    }
    return &m_indicators[static_cast<std::size_t>(&indicator - &all.front())];
}

const ComparatorValue* ProfileFigures::comparator(const geo::Indicator& indicator,
                                                  const std::string& period,
                                                  const std::string& parent_set,
                                                  const std::string& parent_code) const {
    const PerIndicator* figures = of(indicator);
    if (!figures || !figures->pooled || figures->period != period) return nullptr;
    const auto it = figures->comparators.find(key_of(parent_set, parent_code));
    return it == figures->comparators.end() ? nullptr : &it->second;
}

bool ProfileFigures::aggregates_into(const geo::Indicator& indicator,
                                     const std::string& set_id) const {
    const PerIndicator* figures = of(indicator);
    return figures && figures->pooled && indicator.set_id != set_id &&
           figures->positions.count(set_id) > 0;
}

const std::optional<AreaPosition>* ProfileFigures::position(const geo::Indicator& indicator,
                                                            const AreaEntry& area,
                                                            bool borough) const {
    const PerIndicator* figures = of(indicator);
    if (!figures) return nullptr;
    const auto set = figures->positions.find(area.set_id);
    const auto slot = m_slot.find(&area);
    if (set == figures->positions.end() || slot == m_slot.end()) return nullptr;
    const auto& list = borough ? set->second.borough : set->second.regional;
    return slot->second < list.size() ? &list[slot->second] : nullptr;
}

const AreaPosition* ProfileFigures::regional(const geo::Indicator& indicator,
                                             const AreaEntry& area) const {
    const auto* p = position(indicator, area, false);
    return p && *p ? &**p : nullptr;
}

const AreaPosition* ProfileFigures::within_borough(const geo::Indicator& indicator,
                                                   const AreaEntry& area) const {
    const auto* p = position(indicator, area, true);
    return p && *p ? &**p : nullptr;
}

}  // namespace sna::server
