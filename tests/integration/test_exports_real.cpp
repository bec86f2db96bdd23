// The streamed CSV export against the implementation it replaced (rows materialised with string
// copies, then one string built whole), byte for byte on the real West Midlands data, including
// every period of every LSOA 2021 (about a million rows).
#include "server/views/csv_export.hpp"
#include "server/views/export_selection.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace sna;
using namespace sna::server;

namespace {

/// The previous export_csv(), kept here only as the oracle.
struct OldRow {
    const AreaEntry* area;
    std::string borough_code;
    std::string borough_name;
    const geo::Indicator* indicator;
    const ValueEntry* value;
    bool suppressed;
    std::string flag() const {
        if (!suppressed) return value->flag;
        return (value->flag.empty() ? "" : value->flag + ";") + "suppressed";
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
                rows.push_back({a, borough, borough_area ? borough_area->name : "", ind, &v,
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
        "value,unit,"
        "national_rank,national_decile,flag,dataset,publisher,licence,attribution,data_version,"
        "access\r\n";
    const auto& reserved = data.reservations().seen_indicators;
    for (const OldRow& row : old_rows(data, selection)) {
        const geo::Indicator* ind = row.indicator;
        const ValueEntry& v = *row.value;
        const geo::Dataset* d = data.dataset(ind->dataset_id);
        out += csv_field(row.area->code) + "," + csv_field(row.area->name) + "," + selection.set +
               "," + csv_field(row.borough_code) + "," + csv_field(row.borough_name) + "," +
               csv_field(ind->id) + "," + csv_field(ind->title) + "," + csv_field(v.period) + "," +
               number_text(row.suppressed ? std::nullopt : v.value) + "," + csv_field(ind->unit) +
               "," + (v.national_rank ? std::to_string(*v.national_rank) : "") + "," +
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
