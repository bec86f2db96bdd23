#pragma once
/// A small in-memory DataIndex for the export tests: two boroughs and four LSOAs (one outside
/// any borough), names and attributions that need CSV quoting or formula escaping, a small count
/// that is withheld, an incomplete period and a borough-level indicator.

#include "server/index/data_index.hpp"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace sna::test {

inline geo::StoredArea export_area(const std::string& set, const std::string& code,
                                   const std::string& name, const std::string& borough = {}) {
    geo::StoredArea a;
    a.area.set_id = set;
    a.area.code = code;
    a.area.name = name;
    if (!borough.empty()) a.parents["lad"] = borough;
    return a;
}

inline geo::Indicator export_indicator(const std::string& id, const std::string& title,
                                       const std::string& set, const std::string& dataset,
                                       const std::string& unit, const std::string& kind) {
    geo::Indicator i;
    i.id = id;
    i.title = title;
    i.set_id = set;
    i.dataset_id = dataset;
    i.unit = unit;
    i.value_kind = kind;
    return i;
}

inline geo::StoredValue export_value(const std::string& indicator, const std::string& code,
                                     const std::string& period, double value,
                                     const std::string& flag = {}) {
    geo::StoredValue v;
    v.indicator_id = indicator;
    v.area_code = code;
    v.period = period;
    v.value = value;
    v.flag = flag;
    return v;
}

/// Default periods: score 2020, excluded 2020 (2021 is incomplete), rate 2020.
inline std::unique_ptr<server::DataIndex> export_data() {
    std::vector<geo::Dataset> datasets(2);
    datasets[0] = {"ons", "Census", "ONS, UK", "OGL v3.0", "Contains \"ONS\" data", "", "", 5, ""};
    datasets[1] = {"dfe", "Exclusions", "DfE", "OGL", "@risk attribution", "", "", 5, ""};
    const std::vector<geo::StoredArea> areas = {
        export_area("lad", "W", "West"),
        export_area("lad", "E", "East, Side"),
        export_area("lsoa", "T01", "North West", "W"),
        export_area("lsoa", "T02", "=2+3", "E"),
        export_area("lsoa", "T03", "South \"West\"", "W"),
        export_area("lsoa", "T04", "Lone"),
    };
    std::vector<geo::StoredValue> values = {
        export_value("score", "T01", "2019", 10.5),
        export_value("score", "T01", "2020", 11),
        export_value("score", "T02", "2020", -3.25),
        export_value("score", "T03", "2019", 7),
        export_value("score", "T03", "2020", 8),
        export_value("score", "T04", "2020", 2.5),
        export_value("excluded", "T01", "2020", 3),
        export_value("excluded", "T02", "2020", 0),
        export_value("excluded", "T03", "2020", 12),
        export_value("excluded", "T03", "2021", 2, "incomplete_month"),
        export_value("excluded", "T04", "2020", 6),
        export_value("rate", "W", "2020", 4),
        export_value("rate", "E", "2020", 0.15),
    };
    values[1].national_rank = 100;
    values[1].national_decile = 3;
    values[12].numerator = 3;  // East's rate rests on 3 exclusions: withheld
    return std::make_unique<server::DataIndex>(
        std::map<std::string, std::string>{{"data_version", "v1"}}, std::move(datasets),
        std::vector<std::pair<geo::AreaSet, std::int64_t>>{
            {geo::AreaSet{"lad", "Boroughs", "ons", "", geo::AreaLevel::local_authority, "borough",
                          "boroughs"},
             2},
            {geo::AreaSet{"lsoa", "LSOAs", "ons", "", geo::AreaLevel::small_area, "LSOA", "LSOAs"},
             4}},
        std::vector<geo::Indicator>{
            export_indicator("score", "Score", "lsoa", "ons", "score", "score"),
            export_indicator("excluded", "Excluded, pupils", "lsoa", "dfe", "pupils", "count"),
            export_indicator("rate", "Rate", "lad", "dfe", "%", "percentage")},
        areas, std::move(values));
}

}  // namespace sna::test
