// The streamed CSV export against the implementation it replaced (rows materialised with string
// copies, then one string built whole), byte for byte on the real West Midlands data, including
// every period of every LSOA 2021 (about a million rows).
#include "server/views/csv_export.hpp"
#include "server/views/export_evidence.hpp"
#include "server/views/export_selection.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

using namespace sna;
using namespace sna::server;
using nlohmann::json;

namespace {

/// The previous export_csv(), kept here only as the oracle.
struct OldRow {
    const AreaEntry* area;
    std::string borough_code;
    std::string borough_name;
    const geo::Indicator* indicator;
    ValueEntry value;
    bool suppressed;
    std::string flag() const {
        if (!suppressed) return value.flag;
        return (value.flag.empty() ? "" : value.flag + ";") + "suppressed";
    }
};

std::vector<OldRow> old_rows(const DataIndex& data, const ExportSelection& s) {
    std::vector<OldRow> rows;
    for (const geo::Indicator* ind : s.indicators) {
        const std::string period = s.period.empty() ? data.default_period(ind->id) : s.period;
        for (const AreaEntry* a : data.areas_in_set(s.set)) {
            if (!s.areas.empty() && !s.areas.count(a->code)) continue;
            const auto b = a->parents.find("lad");
            const std::string borough =
                a->set_id == "lad" ? a->code : (b == a->parents.end() ? "" : b->second);
            if (!s.boroughs.empty() && !s.boroughs.count(borough)) continue;
            const AreaEntry* borough_area = data.area("lad", borough);
            for (const ValueEntry& v : data.series(ind->id, a->code)) {
                if (period != "all" && v.period != period) continue;
                rows.push_back({a, borough, borough_area ? borough_area->name : "", ind, v,
                                data.suppressed(*ind, v).has_value()});
            }
        }
    }
    return rows;
}

std::string old_csv(const DataIndex& data, const ExportSelection& selection) {
    std::string out =
        "\xEF\xBB\xBF"
        "area_code,area_name,area_set,borough_code,borough_name,indicator_id,indicator,period,"
        "value,unit,lower_95,upper_95,numerator,denominator,vs_borough_95,vs_region_95,"
        "vs_england_95,national_rank,national_decile,flag,dataset,publisher,licence,attribution,"
        "data_version,access\r\n";
    const auto& reserved = data.reservations().seen_indicators;
    // The evidence columns are the same calculation (tested in test_export_evidence.cpp and
    // against the profile below); this oracle checks the rows, their order and the streaming.
    ExportEvidence evidence(data);
    for (const OldRow& row : old_rows(data, selection)) {
        const geo::Indicator* ind = row.indicator;
        const ValueEntry& v = row.value;
        const geo::Dataset* d = data.dataset(ind->dataset_id);
        const RowEvidence e = evidence.of(
            ExportRow{row.area, &row.borough_code, &row.borough_name, ind, &v, row.suppressed});
        out += csv_field(row.area->code) + "," + csv_field(row.area->name) + "," + selection.set +
               "," + csv_field(row.borough_code) + "," + csv_field(row.borough_name) + "," +
               csv_field(ind->id) + "," + csv_field(ind->title) + "," + csv_field(v.period) + "," +
               number_text(row.suppressed ? std::nullopt : v.value) + "," + csv_field(ind->unit) +
               "," + number_text(e.lower_95) + "," + number_text(e.upper_95) + "," +
               number_text(e.numerator) + "," + number_text(e.denominator) + "," + e.vs_borough_95 +
               "," + e.vs_region_95 + "," + e.vs_england_95 + "," +
               (v.national_rank ? std::to_string(*v.national_rank) : "") + "," +
               (v.national_decile ? std::to_string(*v.national_decile) : "") + "," + row.flag() +
               "," + csv_field(ind->dataset_id) + "," + csv_field(d ? d->publisher : "") + "," +
               csv_field(d ? d->licence : "") + "," + csv_field(d ? d->attribution : "") + "," +
               data.data_version() + "," +
               (reserved.count(ind->id) ? reserved.at(ind->id) : std::string("public")) + "\r\n";
    }
    return out;
}

/// Drains the stream in 64 KiB pieces, comparing each with the oracle as it comes (the whole
/// body is never held twice). Returns the number of bytes streamed.
std::size_t compare_stream(const BodyStream& stream, const std::string& expected) {
    std::string piece;
    std::size_t at = 0;
    for (bool more = true; more;) {
        piece.clear();
        more = stream(piece, 64 * 1024);
        REQUIRE(expected.compare(at, piece.size(), piece) == 0);
        at += piece.size();
    }
    return at;
}

/// RFC 4180 rows of a body (after its byte-order mark): quoted fields, doubled quotes, CRLF.
std::vector<std::vector<std::string>> parse_csv(const std::string& body) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = body.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0; i < body.size(); ++i) {
        const char c = body[i];
        if (quoted && c == '"' && i + 1 < body.size() && body[i + 1] == '"') {
            rows.back().back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == ',') {
            rows.back().emplace_back();
        } else if (!quoted && c == '\n') {
            rows.emplace_back(1);
        } else if (quoted || c != '\r') {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}

}  // namespace

TEST_CASE("export.csv streamed: byte-identical to the previous implementation", "[real]") {
    const auto& f = test::real_fixture();
    for (const auto& q : std::vector<std::map<std::string, std::string>>{
             {{"set", "lad"}, {"period", "all"}},
             {{"set", "lsoa11"}, {"period", "all"}, {"la", "Walsall,E08000026"}},
             {{"set", "ward22"}},
             {{"set", "lsoa21"}},
             {{"set", "lsoa21"}, {"period", "all"}}}) {
        const ExportSelection selection = select_export(*f.data, Query(q));
        INFO("set " << selection.set << " period " << selection.period);
        const std::string expected = old_csv(*f.data, selection);
        CHECK(compare_stream(csv_export_stream(*f.data, selection), expected) == expected.size());
        CHECK(count_export_rows(*f.data, selection) ==
              static_cast<std::size_t>(std::count(expected.begin(), expected.end(), '\n') - 1));
    }
}

TEST_CASE("export.csv evidence columns agree with the area profile", "[real]") {
    // The profile (its own path: area_profile.cpp) and the export must give the same 95 % limits,
    // numerator, denominator and judgements for the same area, indicator and period.
    const auto& f = test::real_fixture();
    const std::string id = "crime_violence_and_sexual_offences_rate";
    const std::string codes = "E01008978,E01033620,E01009047";
    const auto r = f.get("/api/export.csv?set=lsoa21&indicators=" + id + "&areas=" + codes);
    REQUIRE(r.status == 200);
    const auto rows = parse_csv(r.body);
    REQUIRE(rows.size() == 4);  // the header and the three areas
    const auto column = [&](const std::string& name) {
        const auto at = std::find(rows[0].begin(), rows[0].end(), name);
        REQUIRE(at != rows[0].end());
        return static_cast<std::size_t>(at - rows[0].begin());
    };
    for (std::size_t n = 1; n < rows.size(); ++n) {
        const auto& row = rows[n];
        const std::string code = row[column("area_code")];
        INFO(code);
        const json profile = test::body_of(f.get("/api/areas/" + code + "/profile?set=lsoa21"));
        const auto i = std::find_if(profile["indicators"].begin(), profile["indicators"].end(),
                                    [&](const json& x) { return x["id"] == id; });
        REQUIRE(i != profile["indicators"].end());
        CHECK(std::stod(row[column("lower_95")]) == (*i)["ci95"][0].get<double>());
        CHECK(std::stod(row[column("upper_95")]) == (*i)["ci95"][1].get<double>());
        CHECK(std::stod(row[column("numerator")]) == (*i)["numerator"].get<double>());
        CHECK(std::stod(row[column("denominator")]) == (*i)["denominator"].get<double>());
        CHECK(std::stod(row[column("value")]) == (*i)["value"].get<double>());
        CHECK(row[column("vs_borough_95")] == (*i)["borough"]["significance_95"]["judgement"]);
        CHECK(row[column("vs_region_95")] == (*i)["region"]["significance_95"]["judgement"]);
        // England: the profile's judgement where the sources give an England value, else empty.
        const json& england = (*i)["england"];
        CHECK(row[column("vs_england_95")] ==
              (england["value"].is_null()
                   ? std::string()
                   : england["significance_95"]["judgement"].get<std::string>()));
    }
}

TEST_CASE("CSV export: the England judgement is the profile's, for every borough", "[real]") {
    const auto& f = test::real_fixture();
    const std::string id = "dfe_perm_excl_rate";
    const auto r = f.get("/api/export.csv?set=lad&indicators=" + id);
    REQUIRE(r.status == 200);
    const auto rows = parse_csv(r.body);
    REQUIRE(rows.size() > 2);
    const auto column = [&](const std::string& name) {
        const auto at = std::find(rows[0].begin(), rows[0].end(), name);
        REQUIRE(at != rows[0].end());
        return static_cast<std::size_t>(at - rows[0].begin());
    };
    std::size_t judged = 0;
    for (std::size_t n = 1; n < rows.size(); ++n) {
        const auto& row = rows[n];
        if (row[column("period")].empty()) continue;
        INFO(row[column("area_code")] << " " << row[column("period")]);
        const json profile =
            test::body_of(f.get("/api/areas/" + row[column("area_code")] + "/profile?set=lad"));
        const auto i = std::find_if(profile["indicators"].begin(), profile["indicators"].end(),
                                    [&](const json& x) { return x["id"] == id; });
        REQUIRE(i != profile["indicators"].end());
        if ((*i)["period"] != row[column("period")]) continue;  // the profile shows the latest
        CHECK(row[column("vs_england_95")] == (*i)["england"]["significance_95"]["judgement"]);
        ++judged;
    }
    CHECK(judged >= 7);  // the seven West Midlands boroughs, in the latest period
}
