#include "server/views/catchment_export.hpp"

#include "geo/core/access.hpp"
#include "geo/export/xlsx_workbook.hpp"
#include "server/views/catchment_report.hpp"
#include "server/views/citations.hpp"
#include "server/views/csv_export.hpp"
#include "server/views/export_selection.hpp"
#include "server/views/xlsx_export.hpp"

#include <set>
#include <type_traits>
#include <vector>

namespace sna::server {

using nlohmann::json;

namespace {

const std::vector<std::string> data_header = {
    "catchment_id", "catchment_name", "definition",   "method",        "indicator_id",
    "indicator",    "period",         "value",        "unit",          "lower_95",
    "upper_95",     "numerator",      "denominator",  "areas_counted", "from_set",
    "pooling",      "borough_code",   "borough_name", "vs_borough_95", "vs_other_boroughs_95",
    "vs_region_95", "vs_england_95",  "flag",         "dataset",       "publisher",
    "licence",      "attribution",    "data_version", "access"};

/// `j[key]`, or null when absent (a const json's operator[] must not be asked for a missing key).
const json& field(const json& j, const char* key) {
    static const json none;
    const auto it = j.find(key);
    return it == j.end() ? none : *it;
}

geo::XlsxCell number_cell(const json& j) {
    return j.is_number() ? geo::XlsxCell(j.get<double>()) : geo::XlsxCell();
}

geo::XlsxCell interval_end(const json& entry, std::size_t end) {
    const json& ci = field(entry, "ci95");
    return ci.is_array() ? number_cell(ci[end]) : geo::XlsxCell();
}

/// The Fingertips judgement of a comparison ("not_compared" when not tested); "" when absent.
std::string judgement_of(const json& c) {
    if (!c.is_object()) return "";
    const json& sig = field(c, "significance_95");
    return sig.is_object() ? sig.value("judgement", "not_compared") : "not_compared";
}

std::string other_boroughs(const json& entry) {
    std::string out;
    const json& list = field(entry, "boroughs");
    for (std::size_t k = 1; list.is_array() && k < list.size(); ++k)
        out += (out.empty() ? "" : "; ") + list[k].value("code", std::string()) + " " +
               list[k].value("name", std::string()) + ": " + judgement_of(list[k]);
    return out;
}

struct CatchmentRows {
    std::vector<std::vector<geo::XlsxCell>> rows;
    std::vector<std::string> dataset_ids;  ///< each once, in row order, then the boundaries'
};

std::vector<geo::XlsxCell> data_row(const DataIndex& data, const StoredCatchment& c,
                                    const json& profile, const json& entry) {
    const std::string id = entry["id"];
    const geo::Indicator& ind = *data.indicator(id);
    const geo::Dataset* d = data.dataset(ind.dataset_id);
    const json& a = field(entry, "apportioned");
    const json& borough = field(entry, "borough");
    const auto& reserved = data.reservations().seen_indicators;
    const auto access = reserved.find(id);
    std::string flag = entry.value("flag", std::string());
    if (entry.contains("suppressed")) flag += (flag.empty() ? "" : ";") + std::string("suppressed");
    return {c.id,
            c.name,
            catchment_definition_text(c.definition, data),
            profile["method"].get<std::string>(),
            id,
            ind.title,
            entry.value("period", ""),
            number_cell(field(entry, "value")),
            ind.unit,
            interval_end(entry, 0),
            interval_end(entry, 1),
            number_cell(field(entry, "numerator")),
            number_cell(field(entry, "denominator")),
            number_cell(field(a, "areas")),
            a.value("from_set", ""),
            a.value("pooling", ""),
            borough.is_object() ? borough.value("code", "") : "",
            borough.is_object() ? borough.value("name", "") : "",
            judgement_of(borough),
            other_boroughs(entry),
            judgement_of(field(entry, "region")),
            judgement_of(field(entry, "england")),
            flag,
            ind.dataset_id,
            d ? d->publisher : "",
            d ? d->licence : "",
            d ? d->attribution : "",
            data.data_version(),
            access == reserved.end() ? std::string(geo::public_access) : access->second};
}

CatchmentRows catchment_rows(const DataIndex& data, const StoredCatchment& c, const json& profile) {
    CatchmentRows out;
    std::set<std::string> seen;
    for (const json& entry : profile["indicators"]) {
        out.rows.push_back(data_row(data, c, profile, entry));
        const std::string dataset = entry["dataset"];
        if (seen.insert(dataset).second) out.dataset_ids.push_back(dataset);
    }
    for (const json& set : profile["constituents"]) {
        const std::string b = boundary_dataset(data, set["set"].get<std::string>());
        if (!b.empty() && seen.insert(b).second) out.dataset_ids.push_back(b);
    }
    return out;
}

std::string notice_of(const DataIndex& data, const json& profile) {
    std::vector<std::string> ids;
    for (const json& entry : profile["indicators"]) ids.push_back(entry["id"]);
    return reserved_notice(data.reservations().seen_among(ids));
}

void append_cell(std::string& out, const geo::XlsxCell& cell) {
    std::visit(
        [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, double>) out += number_text(v);
            if constexpr (std::is_same_v<T, std::string>) append_csv_field(out, v);
        },
        cell);
}

geo::XlsxSheet constituents_sheet(const json& profile) {
    geo::XlsxSheet sheet{"Small areas",
                         {"set", "code", "name", "borough_code", "weight", "area_share",
                          "centroid_inside", "population"},
                         {},
                         {10, 12, 30, 12, 10, 12, 14, 12},
                         {}};
    for (const json& set : profile["constituents"])
        for (const json& a : set["areas"])
            sheet.rows.push_back({set["set"].get<std::string>(), a["code"].get<std::string>(),
                                  a["name"].get<std::string>(),
                                  a["borough"].is_string() ? a["borough"].get<std::string>() : "",
                                  number_cell(a["weight"]), number_cell(a["area_share"]),
                                  a["centroid_inside"].get<bool>() ? "yes" : "no",
                                  number_cell(a["population"])});
    return sheet;
}

geo::XlsxSheet method_sheet(const json& profile) {
    geo::XlsxSheet sheet{"Method", {"note"}, {}, {120}, {}};
    for (const std::string& note : catchment_method_notes(profile)) sheet.rows.push_back({note});
    return sheet;
}

}  // namespace

std::string catchment_csv(const DataIndex& data, const StoredCatchment& c, const json& profile) {
    std::string out = "\xEF\xBB\xBF";  // so spreadsheet programs read the file as UTF-8
    for (std::size_t k = 0; k < data_header.size(); ++k) out += (k ? "," : "") + data_header[k];
    out += "\r\n";
    for (const auto& row : catchment_rows(data, c, profile).rows) {
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k) out += ',';
            append_cell(out, row[k]);
        }
        out += "\r\n";
    }
    return out;
}

std::string catchment_xlsx(const DataIndex& data, const StoredCatchment& c, const json& profile) {
    CatchmentRows rows = catchment_rows(data, c, profile);
    const std::string notice = notice_of(data, profile);
    auto sheets = notice_sheet(notice);
    sheets.push_back(geo::XlsxSheet{"Data", data_header, std::move(rows.rows), {}, {}});
    sheets.push_back(constituents_sheet(profile));
    sheets.push_back(method_sheet(profile));
    sheets.push_back(sources_sheet(data, rows.dataset_ids));
    return geo::write_xlsx(
        std::move(sheets),
        {"snamap catchment export (" + c.id + ")",
         (notice.empty() ? "" : notice + " ") + "Data version " + data.data_version() +
             ", method " + profile["method"].get<std::string>() +
             ". See the Method sheet for the apportionment and its caveats "
             "and the Sources sheet for citations and licences.",
         build_time(data)});
}

}  // namespace sna::server
