#include "geo/import/point_area_counter.hpp"

#include "geo/core/text.hpp"

namespace sna::geo {

namespace {

std::string period_span(const std::map<std::string, std::map<std::size_t, double>>& by_period) {
    if (by_period.empty()) return "";
    const std::string& first = by_period.begin()->first;
    const std::string& last = by_period.rbegin()->first;
    return first == last ? first : first + "/" + last;
}

}  // namespace

void PointAreaCounter::add(const std::string& category, const std::string& period,
                           std::size_t area) {
    const std::string name = category.empty() ? "Uncategorised" : category;
    m_counts[name][period][area] += 1;
    m_counts["All categories"][period][area] += 1;
    ++m_counted;
}

void PointAreaCounter::write(BuildContext& ctx) const {
    for (const auto& [category, by_period] : m_counts) {
        const std::string slug = category == "All categories" ? "all" : slugify(category);
        write_category(ctx, slug, category, by_period);
    }
}

void PointAreaCounter::write_category(BuildContext& ctx, const std::string& slug,
                                      const std::string& category,
                                      const std::map<std::string, ByArea>& by_period) const {
    const AreaSetIndex& set = ctx.areas.set(m_spec.set_id);
    const std::string where = "points '" + m_source.id + "' area_counts";
    Indicator count;
    count.id = m_spec.indicator_prefix + "_" + slug;
    count.title = category + ", " + m_source.title + " (count)";
    count.description = "Points of '" + m_source.title + "' in category " + category +
                        " joined to each area of " + m_spec.set_id + " by point-in-polygon.";
    count.theme = m_spec.theme;
    count.unit = "count";
    count.polarity = m_spec.polarity;
    count.period = period_span(by_period);
    count.set_id = m_spec.set_id;
    count.dataset_id = m_source.dataset_id;
    count.source_file = m_source.path;
    count.source_column = m_source.category_column;
    count.method =
        "Count of the layer's points inside each area (R-tree candidates, exact point-in-polygon "
        "test; a point on a shared border counts once). Points outside every area are not "
        "counted (listed in the build report). Areas with no point count 0.";
    count.value_kind = "count";
    count.counts = "events";

    Indicator rate = count;
    const bool rates = m_spec.rate_per > 0;
    const auto per = static_cast<long long>(m_spec.rate_per);
    rate.id = count.id + "_rate";
    rate.title = category + ", " + m_source.title + " per " + std::to_string(per) + " residents";
    rate.unit = "per " + std::to_string(per) + " residents";
    rate.value_kind = "rate";
    rate.description = "Points of '" + m_source.title + "' in category " + category + " per " +
                       std::to_string(per) + " residents of each area of " + m_spec.set_id + ".";
    rate.multiplier = m_spec.rate_per;
    rate.denominator = "residents of the area (the population recorded for set " + m_spec.set_id +
                       ", which may be of a different year than the points)";
    rate.method = "Crude rate: " + std::to_string(per) +
                  " x points in the area / residents, per period of the points; the count is "
                  "the numerator and carries a Byar / exact Poisson interval.";

    ctx.add_indicator(count, where);
    if (rates) ctx.add_indicator(rate, where);
    for (const Indicator* i : {&count, &rate}) {
        if (i == &rate && !rates) continue;
        if (m_spec.national_unavailable.empty()) continue;
        NationalValue n;
        n.indicator_id = i->id;
        n.source = "manifest";
        n.note = m_spec.national_unavailable;
        ctx.store.add_national_value(n);
    }
    for (const auto& [period, by_area] : by_period) {
        for (std::size_t area = 0; area < set.codes.size(); ++area) {
            const auto found = by_area.find(area);
            const double n = found == by_area.end() ? 0.0 : found->second;
            IndicatorValue v;
            v.indicator_id = count.id;
            v.set_id = m_spec.set_id;
            v.area_code = set.codes[area];
            v.period = period;
            v.value = n;
            ctx.store.add_value(v);
            ++ctx.summary.values;
            if (!rates) continue;
            v.indicator_id = rate.id;
            v.value.reset();
            v.numerator = n;
            const auto population = ctx.populations.find({m_spec.set_id, set.codes[area]});
            if (population != ctx.populations.end() && population->second > 0) {
                v.denominator = population->second;
                v.value = m_spec.rate_per * n / population->second;
            }
            ctx.store.add_value(v);
            ++ctx.summary.values;
        }
    }
}

}  // namespace sna::geo
