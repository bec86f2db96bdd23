#include "server/views/json_views.hpp"

#include "geo/analysis/intervals.hpp"
#include "geo/core/access.hpp"

#include <cmath>
#include <cstdint>

namespace sna::server {

using nlohmann::json;

namespace {

json optional_number(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}
json optional_number(const std::optional<std::int64_t>& v) {
    return v ? json(*v) : json(nullptr);
}

json comparator_json(const DataIndex& data, const geo::Indicator& i, const ComparatorValue& c) {
    json out = {{"value", optional_number(c.value)}, {"method", c.method}, {"areas", c.areas}};
    if (const auto reason = data.suppressed(i, c)) {
        out["value"] = nullptr;
        out["suppressed"] = *reason;
    }
    return out;
}

/// The borough (local authority) an area lies in; nullptr for a borough itself.
const AreaEntry* parent_borough(const DataIndex& data, const AreaEntry& area) {
    const AreaEntry* b = data.borough_of(area);
    return b == &area ? nullptr : b;
}

/// "public", or the group an indicator this tier sees is reserved to.
std::string access_of_indicator(const DataIndex& data, const std::string& id) {
    const auto& seen = data.reservations().seen_indicators;
    const auto it = seen.find(id);
    return it == seen.end() ? geo::public_access : it->second;
}

}  // namespace

json indicator_json(const DataIndex& data, const geo::Indicator& i) {
    return {{"id", i.id},
            {"title", i.title},
            {"description", i.description},
            {"theme", i.theme},
            {"unit", i.unit},
            {"polarity", to_string(i.polarity)},
            {"period", i.period},
            {"default_period", data.default_period(i.id)},
            {"periods", data.periods(i.id).size()},
            {"set", i.set_id},
            {"value_kind", i.value_kind},
            {"interval", geo::describe(geo::interval_family(i))},
            {"pooling", i.pooling.empty() ? "by value kind" : i.pooling},
            {"method", i.method},
            {"denominator", i.denominator},
            {"source_file", i.source_file},
            {"source_column", i.source_column},
            {"citation", citation_json(data, i.dataset_id)},
            {"access", access_of_indicator(data, i.id)}};
}

json datasets_json(const DataIndex& data) {
    json out = json::array();
    for (const auto& d : data.datasets()) out.push_back(citation_json(data, d.id));
    return out;
}

json citation_json(const DataIndex& data, const std::string& dataset_id) {
    const geo::Dataset* d = data.dataset(dataset_id);
    if (!d) return {{"dataset", dataset_id}};
    const auto built = data.meta().find("built_at");
    return {{"dataset", d->id},
            {"title", d->title},
            {"publisher", d->publisher},
            {"licence", d->licence},
            {"attribution", d->attribution},
            {"url", d->url},
            {"period", d->period},
            {"suppression",
             {{"threshold", d->suppress_below},
              {"rule", d->suppress_below > 0
                           ? "counts above 0 and below the threshold, and values computed from "
                             "them, are withheld"
                           : "off"},
              {"note", d->suppression_note}}},
            {"data_version", data.data_version()},
            {"build_date", built == data.meta().end() ? "" : built->second}};
}

json compact_value_json(const ValueEntry& v) {
    json out = json::object();
    out["v"] = optional_number(v.value);
    if (v.national_rank) out["r"] = *v.national_rank;
    if (v.national_decile) out["d"] = *v.national_decile;
    if (!v.flag.empty()) out["f"] = v.flag;
    return out;
}

json national_json(const DataIndex& data, const geo::Indicator& i, const std::string& period) {
    const NationalComparator n = data.national(i.id, period);
    json out = {{"code", n.row ? n.row->area_code : geo::england_code},
                {"name", n.row ? n.row->area_name : "England"},
                {"value", optional_number(n.value)}};
    if (!n.value) {
        out["reason"] = n.reason;
        return out;
    }
    out["published_value"] = optional_number(n.row->value);
    out["numerator"] = optional_number(n.row->numerator);
    out["denominator"] = optional_number(n.row->denominator);
    out["period"] = n.row->period.empty() ? period : n.row->period;
    out["source"] = n.row->source;
    out["note"] = n.row->note;
    return out;
}

json area_summary_json(const DataIndex& data, const AreaEntry& a) {
    json out = {{"code", a.code},
                {"name", a.name},
                {"set", a.set_id},
                {"fid", a.fid},
                {"bbox", {a.bbox.min_x, a.bbox.min_y, a.bbox.max_x, a.bbox.max_y}},
                {"label_point", {a.label_point.x, a.label_point.y}}};
    if (const AreaEntry* b = parent_borough(data, a))
        out["borough"] = {{"code", b->code}, {"name", b->name}};
    return out;
}

json area_json(const DataIndex& data, const AreaEntry& a) {
    json out = area_summary_json(data, a);
    json parents = json::array();
    for (const auto& [set, code] : a.parents) {
        const AreaEntry* p = data.area(set, code);
        parents.push_back({{"set", set}, {"code", code}, {"name", p ? p->name : ""}});
    }
    out["parents"] = parents;
    out["population"] = optional_number(a.population);
    out["area_km2"] = a.area_m2 / 1e6;
    json other = json::array();
    for (const AreaEntry* same : data.areas_with_code(a.code)) {
        if (same != &a) other.push_back(same->set_id);
    }
    out["also_in_sets"] = other;
    return out;
}

json indicator_value_json(const DataIndex& data, const geo::Indicator& i, const ValueEntry& v) {
    json out = {{"id", i.id},
                {"title", i.title},
                {"theme", i.theme},
                {"unit", i.unit},
                {"polarity", to_string(i.polarity)},
                {"value_kind", i.value_kind},
                {"period", v.period},
                {"value", optional_number(v.value)},
                {"numerator", optional_number(v.numerator)},
                {"denominator", optional_number(v.denominator)},
                {"national_rank", optional_number(v.national_rank)},
                {"national_decile", optional_number(v.national_decile)},
                {"flag", v.flag},
                {"dataset", i.dataset_id}};
    if (const auto reason = data.suppressed(i, v)) {
        out["value"] = nullptr;
        out["numerator"] = nullptr;
        out["suppressed"] = *reason;
    }
    return out;
}

json area_value_json(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area,
                     const ValueEntry& v) {
    json out = indicator_value_json(data, i, v);
    if (const AreaEntry* b = parent_borough(data, area)) {
        json borough =
            comparator_json(data, i, data.comparator(i.id, v.period, data.borough_set(), b->code));
        borough["code"] = b->code;
        borough["name"] = b->name;
        out["borough"] = borough;
    }
    if (const geo::AreaSet* set = data.area_set(area.set_id);
        !set || set->level != geo::AreaLevel::region)
        out["region"] = comparator_json(data, i, data.comparator(i.id, v.period, "", ""));
    out["england"] = national_json(data, i, v.period);
    return out;
}

void write_whole_numbers_as_integers(json& document) {
    // Up to 2^53 every integer is exact in a double and in JavaScript's numbers.
    constexpr double exact = 9007199254740992.0;
    if (document.is_number_float()) {
        const double x = document.get<double>();
        if (std::isfinite(x) && std::abs(x) <= exact && std::floor(x) == x)
            document = static_cast<std::int64_t>(x);
    } else if (document.is_structured()) {
        for (auto& child : document) write_whole_numbers_as_integers(child);
    }
}

}  // namespace sna::server
