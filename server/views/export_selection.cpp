#include "server/views/export_selection.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <cstdio>
#include <set>

namespace sna::server {

namespace {

std::vector<const geo::Indicator*> chosen_indicators(const DataIndex& data, const std::string& set,
                                                     const Query& query) {
    std::vector<const geo::Indicator*> out;
    const auto ids = query.list("indicators");
    if (ids.empty()) {
        for (const auto& i : data.indicators()) {
            if (i.set_id == set) out.push_back(&i);
        }
        return out;
    }
    for (const auto& id : ids) {
        const geo::Indicator* i = data.indicator(id);
        if (!i) throw geo::NotFound("no indicator '" + id + "'");
        if (i->set_id != set) {
            throw geo::InvalidInput("indicator '" + id + "' is published for set '" + i->set_id +
                                    "', not '" + set + "'");
        }
        out.push_back(i);
    }
    return out;
}

/// The borough filter: codes or names of areas in the `lad` set, comma-separated; empty = all.
std::set<std::string> borough_filter(const DataIndex& data, const Query& query) {
    std::set<std::string> codes;
    for (const std::string& la : query.list("la")) {
        const AreaEntry* found = data.area("lad", la);
        for (const AreaEntry* a : data.areas_in_set("lad")) {
            if (!found && geo::to_lower(a->name) == geo::to_lower(la)) found = a;
        }
        if (!found) throw geo::NotFound("no borough '" + la + "'");
        codes.insert(found->code);
    }
    return codes;
}

std::set<std::string> area_filter(const DataIndex& data, const std::string& set,
                                  const Query& query) {
    std::set<std::string> codes;
    for (const auto& code : query.list("areas")) {
        if (!data.area(set, code))
            throw geo::NotFound("no area '" + code + "' in set '" + set + "'");
        codes.insert(code);
    }
    return codes;
}

}  // namespace

std::string number_text(const std::optional<double>& value) {
    if (!value) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", *value);
    return text;
}

ExportSelection select_export(const DataIndex& data, const Query& query) {
    ExportSelection out;
    out.set = query.require("set");
    if (!data.has_set(out.set)) throw geo::NotFound("no area set '" + out.set + "'");
    out.indicators = chosen_indicators(data, out.set, query);
    const std::set<std::string> boroughs = borough_filter(data, query);
    const auto only = area_filter(data, out.set, query);
    const std::string wanted_period = query.get_or("period", "");
    for (const geo::Indicator* ind : out.indicators) {
        const std::string period =
            wanted_period.empty() ? data.default_period(ind->id) : wanted_period;
        for (const AreaEntry* a : data.areas_in_set(out.set)) {
            if (!only.empty() && !only.count(a->code)) continue;
            const auto b = a->parents.find("lad");
            const std::string borough =
                a->set_id == "lad" ? a->code : (b == a->parents.end() ? "" : b->second);
            if (!boroughs.empty() && !boroughs.count(borough)) continue;
            const AreaEntry* borough_area = data.area("lad", borough);
            for (const ValueEntry& v : data.series(ind->id, a->code)) {
                if (period != "all" && v.period != period) continue;
                out.rows.push_back({a, borough, borough_area ? borough_area->name : "", ind, &v,
                                    data.suppressed(*ind, v).has_value()});
            }
        }
    }
    return out;
}

}  // namespace sna::server
