#include "server/csv_export.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <cstdio>

namespace sna::server {

namespace {

std::string number_text(const std::optional<double>& v) {
    if (!v) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", *v);
    return text;
}

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

/// The borough filter: a code or a name of an area in the `lad` set.
std::string borough_filter(const DataIndex& data, const Query& query) {
    const auto la = query.get("la");
    if (!la || la->empty()) return "";
    if (data.area("lad", *la)) return *la;
    for (const AreaEntry* a : data.areas_in_set("lad")) {
        if (geo::to_lower(a->name) == geo::to_lower(*la)) return a->code;
    }
    throw geo::NotFound("no borough '" + *la + "'");
}

}  // namespace

std::string csv_field(const std::string& text, bool is_text) {
    std::string value = text;
    if (is_text && !value.empty() && std::string("=+-@").find(value[0]) != std::string::npos)
        value = "'" + value;
    if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
    std::string quoted = "\"";
    for (const char c : value) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string export_csv(const DataIndex& data, const Query& query) {
    const std::string set = query.require("set");
    if (!data.has_set(set)) throw geo::NotFound("no area set '" + set + "'");
    const auto indicators = chosen_indicators(data, set, query);
    const std::string la = borough_filter(data, query);
    const std::string wanted_period = query.get_or("period", "");
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    std::string out =
        "\xEF\xBB\xBF"
        "area_code,area_name,area_set,borough_code,borough_name,indicator_id,indicator,period,"
        "value,unit,"
        "national_rank,national_decile,flag,dataset,publisher,licence,attribution,data_version\r\n";
    for (const geo::Indicator* ind : indicators) {
        const geo::Dataset* d = data.dataset(ind->dataset_id);
        const std::string period =
            wanted_period.empty() ? data.default_period(ind->id) : wanted_period;
        for (const AreaEntry* a : data.areas_in_set(set)) {
            const auto b = a->parents.find("lad");
            const std::string borough =
                a->set_id == "lad" ? a->code : (b == a->parents.end() ? "" : b->second);
            if (!la.empty() && borough != la) continue;
            const AreaEntry* borough_area = data.area("lad", borough);
            for (const ValueEntry& v : data.series(ind->id, a->code)) {
                if (period != "all" && v.period != period) continue;
                // Small numbers: the value is left empty and the flag says why (methods §10).
                const bool withheld = data.suppressed(*ind, v).has_value();
                const std::string flag =
                    withheld ? (v.flag.empty() ? "" : v.flag + ";") + "suppressed" : v.flag;
                out += csv_field(a->code) + "," + csv_field(a->name) + "," + set + "," +
                       csv_field(borough) + "," +
                       csv_field(borough_area ? borough_area->name : "") + "," +
                       csv_field(ind->id) + "," + csv_field(ind->title) + "," +
                       csv_field(v.period) + "," + number_text(withheld ? std::nullopt : v.value) +
                       "," + csv_field(ind->unit) + "," +
                       (v.national_rank ? std::to_string(*v.national_rank) : "") + "," +
                       (v.national_decile ? std::to_string(*v.national_decile) : "") + "," + flag +
                       "," + csv_field(ind->dataset_id) + "," + csv_field(d ? d->publisher : "") +
                       "," + csv_field(d ? d->licence : "") + "," +
                       csv_field(d ? d->attribution : "") + "," + data.data_version() + "\r\n";
            }
        }
    }
    return out;
}

}  // namespace sna::server
