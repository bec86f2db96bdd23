#include "server/index/analysis_memo.hpp"

#include "server/index/analysis_index.hpp"
#include "server/index/data_index.hpp"
#include "server/index/data_lookups.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace sna::server {

SetOrder make_set_order(const DataIndex& data, const std::string& set_id,
                        const AnalysisIndex* analysis) {
    const auto& areas = data.areas_in_set(set_id);
    SetOrder order;
    order.by_code.resize(areas.size());
    std::iota(order.by_code.begin(), order.by_code.end(), 0u);
    order.by_fid_text = order.by_code;
    std::sort(order.by_code.begin(), order.by_code.end(),
              [&](std::uint32_t a, std::uint32_t b) { return areas[a]->code < areas[b]->code; });
    std::vector<std::string> fid_text(areas.size());
    for (std::size_t k = 0; k < areas.size(); ++k) fid_text[k] = std::to_string(areas[k]->fid);
    std::sort(order.by_fid_text.begin(), order.by_fid_text.end(),
              [&](std::uint32_t a, std::uint32_t b) { return fid_text[a] < fid_text[b]; });
    if (!areas.empty()) {
        const auto [low, high] = std::minmax_element(
            areas.begin(), areas.end(),
            [](const AreaEntry* a, const AreaEntry* b) { return a->fid < b->fid; });
        order.fid_base = (*low)->fid;
        order.fid_span = static_cast<std::size_t>((*high)->fid - (*low)->fid + 1);
    }
    order.to_analysis.assign(areas.size(), SetOrder::no_position);
    if (analysis && analysis->has_set(set_id)) {
        std::unordered_map<std::string, std::uint32_t> position;
        const auto& codes = analysis->codes(set_id);
        for (std::size_t k = 0; k < codes.size(); ++k)
            position.emplace(codes[k], static_cast<std::uint32_t>(k));
        for (std::size_t k = 0; k < areas.size(); ++k) {
            const auto it = position.find(areas[k]->code);
            if (it != position.end()) order.to_analysis[k] = it->second;
        }
    }
    return order;
}

AnalysisMemo::AnalysisMemo(const DataIndex& data, const AnalysisIndex& analysis)
    : m_data(data), m_analysis(analysis) {
    for (const auto& [set, count] : data.area_sets())
        m_orders[set.id] = make_set_order(data, set.id, &analysis);
    for (const geo::Indicator& i : data.indicators()) {
        if (i.polarity == geo::Polarity::neutral || !data.has_set(i.set_id)) continue;
        const auto values = column_of(data, i.id, data.areas_in_set(i.set_id));
        for (const auto transform :
             {geo::CompositeTransform::z_score, geo::CompositeTransform::exponential_rank}) {
            m_columns[{i.id, transform}] = geo::composite_column(values, i.polarity, transform);
        }
    }
}

const geo::CompositeColumn* AnalysisMemo::composite_column(
    const std::string& indicator_id, geo::CompositeTransform transform) const {
    const auto it = m_columns.find({indicator_id, transform});
    return it == m_columns.end() ? nullptr : &it->second;
}

const SetOrder& AnalysisMemo::set_order(const std::string& set_id) const {
    return m_orders.at(set_id);
}

std::shared_ptr<const geo::CompositeResult> AnalysisMemo::composite(
    const std::string& key, const std::function<geo::CompositeResult()>& make) const {
    return m_composites.get(key, make);
}

GiResults compute_hotspots(const DataIndex& data, const AnalysisIndex& analysis,
                           const std::string& indicator_id, const std::string& set_id,
                           const std::string& period) {
    std::vector<std::optional<double>> values;
    for (const auto& code : analysis.codes(set_id)) {
        const std::optional<ValueEntry> v = data.value(indicator_id, code, period);
        values.push_back(v ? v->value : std::nullopt);
    }
    return geo::gi_star(values, analysis.neighbours(set_id));
}

std::shared_ptr<const GiResults> AnalysisMemo::hotspots(const std::string& indicator_id,
                                                        const std::string& set_id,
                                                        const std::string& period) const {
    const geo::Indicator* i = m_data.indicator(indicator_id);
    if (i && i->set_id == set_id && period == m_data.default_period(indicator_id)) {
        const auto it = m_default_hotspots.find(indicator_id);
        if (it != m_default_hotspots.end()) return it->second;
    }
    return m_hotspots.get(indicator_id + "\n" + set_id + "\n" + period, [&] {
        return compute_hotspots(m_data, m_analysis, indicator_id, set_id, period);
    });
}

std::size_t AnalysisMemo::fill_default_hotspots() {
    for (const geo::Indicator& i : m_data.indicators()) {
        if (!m_data.has_set(i.set_id) || !m_analysis.has_set(i.set_id)) continue;
        m_default_hotspots[i.id] = std::make_shared<const GiResults>(
            compute_hotspots(m_data, m_analysis, i.id, i.set_id, m_data.default_period(i.id)));
    }
    return m_default_hotspots.size();
}

}  // namespace sna::server
