#include "server/views/xlsx_export.hpp"

#include "geo/core/access.hpp"
#include "geo/export/xlsx_workbook.hpp"
#include "server/views/citations.hpp"
#include "server/views/export_evidence.hpp"
#include "server/views/export_selection.hpp"

#include <ctime>
#include <iomanip>
#include <set>
#include <sstream>

namespace sna::server {

namespace {

/// The Data sheet: its rows come from the cursor one at a time, straight into the workbook. A
/// small number is withheld as in the CSV: no value, "suppressed" in the flag (methods §10).
geo::XlsxSheet data_sheet(const ExportSelection& selection, ExportCursor& cursor,
                          ExportEvidence& evidence) {
    geo::XlsxSheet sheet{
        "Data",
        {"area_code",    "area_name",     "area_set",      "borough_code",    "borough_name",
         "indicator_id", "indicator",     "period",        "value",           "unit",
         "lower_95",     "upper_95",      "numerator",     "denominator",     "vs_borough_95",
         "vs_region_95", "vs_england_95", "national_rank", "national_decile", "flag",
         "dataset"},
        {},
        {12, 30, 9, 12, 16, 28, 40, 16, 12, 16, 12, 12, 12, 12, 14, 14, 14, 13, 13, 12, 18},
        {}};
    sheet.source = [&selection, &cursor, &evidence](geo::XlsxRowWriter& out) {
        const ExportRow* row = cursor.next();
        if (!row) return false;
        const ValueEntry& v = *row->value;
        const auto integer = [](const std::optional<std::int64_t>& n) {
            return n ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
        };
        out.text(row->area->code).text(row->area->name).text(selection.set);
        out.text(*row->borough_code).text(*row->borough_name);
        out.text(row->indicator->id).text(row->indicator->title).text(v.period);
        out.number(row->shown_value()).text(row->indicator->unit);
        const RowEvidence e = evidence.of(*row);
        out.number(e.lower_95).number(e.upper_95).number(e.numerator).number(e.denominator);
        out.text(e.vs_borough_95).text(e.vs_region_95).text(e.vs_england_95);
        out.number(integer(v.national_rank)).number(integer(v.national_decile));
        out.text(row->flag()).text(row->indicator->dataset_id);
        return true;
    };
    return sheet;
}

geo::XlsxSheet indicators_sheet(const DataIndex& data, const ExportSelection& selection) {
    geo::XlsxSheet sheet{
        "Indicators",
        {"indicator_id", "title", "description", "unit", "polarity", "period", "method",
         "denominator", "dataset", "source_file", "source_column", "access"},
        {},
        {28, 40, 60, 16, 18, 16, 40, 20, 18, 30, 24, 12},
        {}};
    const auto& reserved = data.reservations().seen_indicators;
    for (const geo::Indicator* i : selection.indicators) {
        const auto access = reserved.find(i->id);
        sheet.rows.push_back({i->id, i->title, i->description, i->unit, geo::to_string(i->polarity),
                              i->period, i->method, i->denominator, i->dataset_id, i->source_file,
                              i->source_column,
                              access == reserved.end() ? geo::public_access : access->second});
    }
    return sheet;
}

}  // namespace

std::vector<geo::XlsxSheet> notice_sheet(const std::string& notice) {
    if (notice.empty()) return {};
    return {geo::XlsxSheet{"Notice", {"notice"}, {{notice}}, {90}, {}}};
}

geo::XlsxSheet sources_sheet(const DataIndex& data, const std::vector<std::string>& ids) {
    geo::XlsxSheet sheet{"Sources",
                         {"dataset", "citation", "publisher", "title", "period", "licence",
                          "attribution", "url", "data_version", "build_date"},
                         {},
                         {18, 60, 30, 40, 16, 30, 60, 40, 14, 22},
                         {}};
    std::set<std::string> seen;
    const auto built = data.meta().find("built_at");
    for (const auto& id : ids) {
        const geo::Dataset* d = data.dataset(id);
        if (!d || !seen.insert(id).second) continue;
        sheet.rows.push_back({d->id, citation_text(data, d->id), d->publisher, d->title, d->period,
                              d->licence, d->attribution, d->url, data.data_version(),
                              built == data.meta().end() ? std::string() : built->second});
    }
    return sheet;
}

std::time_t build_time(const DataIndex& data) {
    const auto built = data.meta().find("built_at");
    if (built == data.meta().end()) return 0;
    std::tm tm{};
    std::istringstream in(built->second);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    return in.fail() ? 0 : timegm(&tm);
}

namespace {

/// The datasets of a selection's indicators, then its boundaries'.
std::vector<std::string> selection_datasets(const DataIndex& data,
                                            const ExportSelection& selection) {
    std::vector<std::string> ids;
    for (const geo::Indicator* i : selection.indicators) ids.push_back(i->dataset_id);
    ids.push_back(boundary_dataset(data, selection.set));
    return ids;
}

}  // namespace

std::string export_xlsx(const DataIndex& data, const ExportSelection& selection,
                        const std::function<void()>& check) {
    ExportCursor cursor(data, selection);
    ExportEvidence evidence(data);
    const std::string notice = reserved_notice(export_reserved(data, selection));
    auto sheets = notice_sheet(notice);
    sheets.push_back(data_sheet(selection, cursor, evidence));
    sheets.push_back(indicators_sheet(data, selection));
    sheets.push_back(sources_sheet(data, selection_datasets(data, selection)));
    return geo::write_xlsx(
        std::move(sheets),
        {"snamap export (" + selection.set + ")",
         (notice.empty() ? "" : notice + " ") + "Data version " + data.data_version() +
             ". See the Sources sheet for citations and licences.",
         build_time(data)},
        check);
}

}  // namespace sna::server
