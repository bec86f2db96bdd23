#include "server/views/csv_export.hpp"

#include "geo/core/access.hpp"
#include "server/views/export_evidence.hpp"

#include <memory>
#include <utility>

namespace sna::server {

namespace {

// The byte-order mark makes spreadsheet programs read the file as UTF-8.
constexpr std::string_view csv_header =
    "\xEF\xBB\xBF"
    "area_code,area_name,area_set,borough_code,borough_name,indicator_id,indicator,period,"
    "value,unit,lower_95,upper_95,numerator,denominator,vs_borough_95,vs_region_95,"
    "vs_england_95,national_rank,national_decile,flag,dataset,publisher,licence,attribution,data_"
    "version,"
    "access\r\n";

/// What a stream keeps between pieces. Not movable: the cursor points at `selection`.
struct CsvStreamState {
    CsvStreamState(const DataIndex& index, ExportSelection chosen)
        : data(&index),
          selection(std::move(chosen)),
          cursor(index, selection),
          evidence(index),
          version(index.data_version()),
          row(cursor.next()) {}
    CsvStreamState(const CsvStreamState&) = delete;
    CsvStreamState& operator=(const CsvStreamState&) = delete;

    const DataIndex* data;
    ExportSelection selection;
    ExportCursor cursor;
    ExportEvidence evidence;
    std::string version;
    const ExportRow* row;  ///< the next row to write, fetched ahead so a piece knows it is last
    bool header_written = false;
    const geo::Indicator* dataset_of = nullptr;  ///< the indicator `dataset` was looked up for
    const geo::Dataset* dataset = nullptr;
    std::string_view access = geo::public_access;  ///< of `dataset_of`: "public" or its group
};

void append_integer(std::string& out, const std::optional<std::int64_t>& n) {
    if (n) out += std::to_string(*n);
}

/// One CSV line; small numbers: the value is left empty and the flag says why (methods §10).
void append_row(std::string& out, CsvStreamState& s) {
    const ExportRow& row = *s.row;
    const geo::Indicator* ind = row.indicator;
    const ValueEntry& v = *row.value;
    if (s.dataset_of != ind) {
        s.dataset_of = ind;
        s.dataset = s.data->dataset(ind->dataset_id);
        const auto& reserved = s.data->reservations().seen_indicators;
        const auto it = reserved.find(ind->id);
        s.access = it == reserved.end() ? std::string_view(geo::public_access) : it->second;
    }
    const geo::Dataset* d = s.dataset;
    const auto field = [&out](std::string_view text) {
        append_csv_field(out, text);
        out += ',';
    };
    field(row.area->code);
    field(row.area->name);
    out += s.selection.set;
    out += ',';
    field(*row.borough_code);
    field(*row.borough_name);
    field(ind->id);
    field(ind->title);
    field(v.period);
    out += number_text(row.shown_value());
    out += ',';
    field(ind->unit);
    const RowEvidence e = s.evidence.of(row);
    for (const auto& n : {e.lower_95, e.upper_95, e.numerator, e.denominator}) {
        out += number_text(n);
        out += ',';
    }
    field(e.vs_borough_95);
    field(e.vs_region_95);
    field(e.vs_england_95);
    append_integer(out, v.national_rank);
    out += ',';
    append_integer(out, v.national_decile);
    out += ',';
    out += row.flag();
    out += ',';
    field(ind->dataset_id);
    field(d ? std::string_view(d->publisher) : std::string_view());
    field(d ? std::string_view(d->licence) : std::string_view());
    field(d ? std::string_view(d->attribution) : std::string_view());
    out += s.version;
    out += ',';
    out += s.access;
    out += "\r\n";
}

}  // namespace

void append_csv_field(std::string& out, std::string_view text, bool is_text) {
    const bool formula =
        is_text && !text.empty() && std::string_view("=+-@").find(text.front()) != text.npos;
    if (text.find_first_of(",\"\n\r") == text.npos) {
        if (formula) out += '\'';
        out += text;
        return;
    }
    out += '"';
    if (formula) out += '\'';
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csv_field(const std::string& text, bool is_text) {
    std::string out;
    append_csv_field(out, text, is_text);
    return out;
}

BodyStream csv_export_stream(const DataIndex& data, ExportSelection selection) {
    auto state = std::make_shared<CsvStreamState>(data, std::move(selection));
    return [state](std::string& out, std::size_t max_bytes) {
        const std::size_t limit = out.size() + max_bytes;
        if (!state->header_written) {
            out += csv_header;
            state->header_written = true;
        }
        while (state->row && out.size() < limit) {
            append_row(out, *state);
            state->row = state->cursor.next();
        }
        return state->row != nullptr;
    };
}

}  // namespace sna::server
