#include "server/views/csv_export.hpp"

#include "server/views/export_selection.hpp"

namespace sna::server {

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
    const ExportSelection selection = select_export(data, query);
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    std::string out =
        "\xEF\xBB\xBF"
        "area_code,area_name,area_set,borough_code,borough_name,indicator_id,indicator,period,"
        "value,unit,"
        "national_rank,national_decile,flag,dataset,publisher,licence,attribution,data_version\r\n";
    // Small numbers: the value is left empty and the flag says why (methods §10).
    for (const ExportRow& row : selection.rows) {
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
               data.data_version() + "\r\n";
    }
    return out;
}

}  // namespace sna::server
