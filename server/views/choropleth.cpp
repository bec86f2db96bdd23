#include "server/views/choropleth.hpp"

#include "server/views/value_format.hpp"

namespace sna::server {

std::optional<std::string> Choropleth::colour_of(std::optional<double> value) const {
    if (!value || colours.empty()) return std::nullopt;
    return colours[std::min(geo::class_of(*value, classes.breaks), colours.size() - 1)];
}

std::vector<std::string> Choropleth::legend_labels() const {
    std::vector<std::string> labels;
    const std::size_t n = colours.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double lo = i == 0 ? classes.min : classes.breaks[i - 1];
        const double hi = i + 1 == n ? classes.max : classes.breaks[i];
        const std::string joiner = i + 1 == n ? " to " : " to under ";
        labels.push_back(format_value(lo, *indicator) + joiner + format_value(hi, *indicator));
    }
    return labels;
}

Choropleth make_choropleth(const DataIndex& data, const geo::Indicator& indicator,
                           std::string period, int classes, geo::ClassMethod method) {
    if (period.empty()) period = data.default_period(indicator.id);
    std::vector<double> values;
    for (const AreaEntry* a : data.areas_in_set(indicator.set_id)) {
        const std::optional<ValueEntry> v = data.value(indicator.id, a->code, period);
        if (v && v->value) values.push_back(*v->value);
    }
    return make_choropleth_of(std::move(values), indicator, std::move(period), classes, method);
}

Choropleth make_choropleth_of(std::vector<double> values, const geo::Indicator& indicator,
                              std::string period, int classes, geo::ClassMethod method) {
    Choropleth out;
    out.indicator = &indicator;
    out.period = std::move(period);
    out.classes = geo::classify(std::move(values), method, classes);
    if (!out.classes.counts.empty())
        out.colours =
            geo::colours_for_breaks(indicator.polarity, classes, out.classes.breaks.size());
    return out;
}

}  // namespace sna::server
