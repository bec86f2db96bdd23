#include "server/views/export_evidence.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/significance.hpp"
#include "server/views/confidence.hpp"

namespace sna::server {

std::optional<double> ExportEvidence::comparator(const geo::Indicator& indicator,
                                                 const std::string& period, const std::string& set,
                                                 const std::string& code) {
    if (m_indicator != &indicator) {
        m_indicator = &indicator;
        m_cache.clear();
    }
    const std::string key = period + '\n' + set + '\n' + code;
    if (const auto hit = m_cache.find(key); hit != m_cache.end()) return hit->second;
    const ComparatorValue c = m_data.comparator(indicator.id, period, set, code);
    std::optional<double> value = c.value;
    if (c.areas == 0 || m_data.suppressed(indicator, c)) value.reset();
    return m_cache.emplace(key, value).first->second;
}

std::string ExportEvidence::judgement(const ExportRow& row, const std::optional<geo::Interval>& ci,
                                      const std::string& set, const std::string& code) {
    const geo::Indicator& i = *row.indicator;
    // A count against a larger area's total is not like with like (as in the profile).
    if (!ci || geo::method_for(i) == geo::AggregateMethod::sum) return "not_compared";
    const auto value = comparator(i, row.value->period, set, code);
    if (!value) return "not_compared";
    return geo::to_string(geo::judge(*ci, *value, i.polarity));
}

std::string ExportEvidence::england_judgement(const ExportRow& row,
                                              const std::optional<geo::Interval>& ci) {
    const geo::Indicator& i = *row.indicator;
    const NationalComparator england = m_data.national(i.id, row.value->period);
    if (!england.value) return "";
    if (row.suppressed || !ci || geo::method_for(i) == geo::AggregateMethod::sum)
        return "not_compared";
    return geo::to_string(geo::judge(*ci, *england.value, i.polarity));
}

RowEvidence ExportEvidence::of(const ExportRow& row) {
    RowEvidence out;
    const AreaEntry& area = *row.area;
    const bool is_borough = area.set_id == m_data.borough_set();
    const bool has_borough = !row.borough_code->empty() && !is_borough;
    const bool is_region = m_data.area_set(area.set_id) &&
                           m_data.area_set(area.set_id)->level == geo::AreaLevel::region;
    if (row.suppressed) {
        // Nothing built on a withheld small number is shown (methods §10).
        if (has_borough) out.vs_borough_95 = "not_compared";
        if (!is_region) out.vs_region_95 = "not_compared";
        out.vs_england_95 = england_judgement(row, std::nullopt);
        return out;
    }
    out.numerator = row.value->numerator;
    out.denominator = row.value->denominator;
    const auto ci = confidence_interval(*row.indicator, *row.value, 0.95);
    if (ci) {
        out.lower_95 = ci->lower;
        out.upper_95 = ci->upper;
    }
    if (has_borough)
        out.vs_borough_95 = judgement(row, ci, m_data.borough_set(), *row.borough_code);
    if (!is_region) out.vs_region_95 = judgement(row, ci, "", "");
    out.vs_england_95 = england_judgement(row, ci);
    return out;
}

}  // namespace sna::server
