// The evidence pack as printable HTML (A4 print styles) and as a cairo PDF.
#include "geo/render/document.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/views/area_report.hpp"
#include "server/views/html_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace sna::server {

namespace {

std::string map_image_url(const MapView& map, const std::string& version) {
    const std::string frame = map.catchment_id.empty()
                                  ? "&area=" + map.fit_area + "&highlight=" + map.highlight
                                  : "&catchment=" + map.catchment_id;
    return "/api/map.png?indicator=" + map.indicator_id + "&set=" + map.set_id + frame +
           "&width=" + std::to_string(map.width) + "&height=" + std::to_string(map.height) +
           "&scale=2&title=&v=" + version;
}

constexpr const char* style_sheet = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#1a1a1a;margin:0 auto;max-width:190mm;padding:12px;font-size:10.5pt;line-height:1.4}
h1{font-size:18pt;margin:.2em 0}h2{font-size:13pt;margin:1.2em 0 .4em;border-bottom:1px solid #bbb}
.meta{color:#444;font-size:9pt}.pinned{background:#fff3cd;border:1px solid #c9a227;padding:6px}
.reserved{background:#fde2e1;border:2px solid #b3261e;padding:6px;font-weight:bold}
table{border-collapse:collapse;width:100%;font-size:8.5pt}th,td{border-bottom:1px solid #ddd;padding:3px 4px;text-align:left;vertical-align:top}
thead{display:table-header-group}th{background:#eee}tr,figure,.summary{break-inside:avoid}
.j-worse{color:#a50f15}.j-better{color:#006d2c}.j-similar{color:#555}.sym{font-weight:bold}
figure{margin:0}figure img{width:100%;height:auto;border:1px solid #ccc}figcaption{font-size:8pt;color:#444}
.note{font-size:8pt;color:#555}a{color:#08519c}
@page{size:A4;margin:14mm}@media print{body{padding:0}.noprint{display:none}h2{break-after:avoid}.appendix{break-before:page}}
)";

std::string comparisons_html(const ReportRow& row) {
    std::string out;
    for (const ReportComparison& c : row.comparisons) {
        out += "<div class=\"j-" + html_escape(c.judgement) +
               "\"><span class=\"sym\" aria-hidden=\"true\">" + c.symbol + "</span> " +
               html_escape(c.name) + " " + html_escape(c.value_text) + ": " + html_escape(c.words) +
               "</div>";
    }
    return out;
}

std::string table_html(const std::vector<ReportRow>& rows, bool with_theme,
                       const std::string& rank_heading) {
    std::string out = "<table><thead><tr>" + std::string(with_theme ? "<th>Theme</th>" : "") +
                      "<th>Indicator</th><th>Period</th><th>Value</th><th>" +
                      html_escape(rank_heading) +
                      "</th><th>Compared with (95%)</th></tr></thead><tbody>";
    for (const ReportRow& row : rows) {
        out += "<tr data-indicator=\"" + html_escape(row.id) + "\">";
        if (with_theme) out += "<td>" + html_escape(row.theme) + "</td>";
        out +=
            "<td>" + html_escape(row.title) +
            (row.note.empty() ? "" : "<div class=\"note\">" + html_escape(row.note) + "</div>") +
            "</td><td>" + html_escape(row.period) + "</td><td><span class=\"value\">" +
            html_escape(row.value_text) + "</span>" +
            (row.ci_text.empty() ? ""
                                 : "<div class=\"note\">" + html_escape(row.ci_text) + "</div>") +
            (row.national_text.empty()
                 ? ""
                 : "<div class=\"note\">" + html_escape(row.national_text) + "</div>") +
            "</td><td>" + html_escape(row.rank_text + row.counts_text) + "</td><td>" +
            comparisons_html(row) + "</td></tr>";
    }
    return out + "</tbody></table>";
}

std::string sparkline_svg(const ReportSeries& series) {
    double low = 0, high = -INFINITY;
    for (const auto& v : series.values)
        if (v) high = std::max(high, *v);
    if (!(high > low)) return "<p class=\"note\">No monthly values.</p>";
    const double w = 680, h = 110;
    const std::size_t n = series.values.size();
    const auto x = [&](std::size_t i) {
        return n <= 1 ? 0.0 : w * static_cast<double>(i) / static_cast<double>(n - 1);
    };
    const auto y = [&](double v) { return h - v / high * h; };
    std::ostringstream svg;
    svg << "<svg viewBox=\"-40 -5 " << w + 50 << " " << h + 25 << "\" role=\"img\" aria-label=\""
        << html_escape(series.title) << "\" style=\"width:100%;height:auto\">";
    for (std::size_t i = 0; i < n; ++i)
        if (series.flagged[i])
            svg << "<rect x=\"" << x(i) - 3 << "\" y=\"0\" width=\"6\" height=\"" << h
                << "\" fill=\"#bbb\" opacity=\"0.6\"/>";
    svg << "<path fill=\"none\" stroke=\"#bd0026\" stroke-width=\"1.8\" d=\"";
    bool drawing = false;
    for (std::size_t i = 0; i < n; ++i) {
        if (!series.values[i] || series.flagged[i]) {
            drawing = false;
            continue;
        }
        svg << (drawing ? " L" : " M") << x(i) << " " << y(*series.values[i]);
        drawing = true;
    }
    svg << "\"/><text x=\"-36\" y=\"8\" font-size=\"10\">" << high << "</text><text x=\"-36\" y=\""
        << h << "\" font-size=\"10\">0</text><text x=\"0\" y=\"" << h + 16 << "\" font-size=\"10\">"
        << html_escape(series.labels.front()) << "</text><text x=\"" << w << "\" y=\"" << h + 16
        << "\" font-size=\"10\" text-anchor=\"end\">" << html_escape(series.labels.back())
        << "</text></svg>";
    return svg.str();
}

/// The appendix's tables, and the method notes: what only some packs have.
std::string extra_table_html(const ReportTable& t) {
    std::string out = "<section class=\"appendix\"><h2>" + html_escape(t.title) +
                      "</h2><p class=\"note\">" + html_escape(t.note) + "</p><table><thead><tr>";
    for (const auto& h : t.header) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr></thead><tbody>";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (const auto& cell : row) out += "<td>" + html_escape(cell) + "</td>";
        out += "</tr>";
    }
    return out + "</tbody></table></section>";
}

std::string method_html(const std::vector<std::string>& notes) {
    if (notes.empty()) return "";
    std::string out = "<section id=\"method\"><h2>How these figures were made</h2>";
    for (const auto& n : notes) out += "<p>" + html_escape(n) + "</p>";
    return out + "</section>";
}

std::string places_html(const std::vector<ReportPlace>& places, const std::string& none) {
    if (places.empty()) return "<p>" + html_escape(none) + "</p>";
    std::string out =
        "<table><thead><tr><th>Name</th><th>Details</th><th>Distance</th></tr></thead><tbody>";
    for (const ReportPlace& p : places)
        out += "<tr><td>" + html_escape(p.name) + "</td><td>" + html_escape(p.detail) +
               "</td><td>" + html_escape(p.distance_text) + "</td></tr>";
    return out + "</tbody></table>";
}

}  // namespace

std::string report_html(const AreaReport& r) {
    std::string out =
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Evidence "
        "pack: " +
        html_escape(r.name) + "</title><style>" + style_sheet + "</style></head><body>";
    out += "<header><p class=\"meta\">Strategic Needs Assessment evidence pack · " +
           html_escape(r.set_title) + "</p><h1>" + html_escape(r.name) + " <span class=\"meta\">" +
           html_escape(r.code) + "</span></h1>";
    out += "<p class=\"meta\">Data version <span id=\"data-version\">" +
           html_escape(r.data_version) + "</span>, built " + html_escape(r.build_date) +
           ". <a href=\"" + html_escape(r.permalink) +
           "\">Open this area on the map</a> · <a href=\"" + html_escape(r.report_url) +
           "\">Permalink to this pack</a> · <a class=\"noprint\" href=\"" + html_escape(r.pdf_url) +
           "\">PDF</a></p></header><main>";
    if (!r.pinned_note.empty())
        out += "<p class=\"pinned\" role=\"note\">" + html_escape(r.pinned_note) + "</p>";
    if (!r.reserved_note.empty())
        out += "<p class=\"reserved\" role=\"note\" id=\"reserved-note\">" +
               html_escape(r.reserved_note) + "</p>";
    out += "<section class=\"summary\"><h2>Summary</h2>";
    for (const auto& s : r.summary) out += "<p>" + html_escape(s) + "</p>";
    out += "</section>" + method_html(r.method_notes);
    if (!r.map.indicator_id.empty()) {
        out += "<figure><img src=\"" + html_escape(map_image_url(r.map, r.data_version)) +
               "\" alt=\"Map of " + html_escape(r.name) + " and its surroundings, " +
               html_escape(r.outline_words) + "\"><figcaption>" + html_escape(r.name) + " (" +
               html_escape(r.outline_words) + ") and its surroundings.</figcaption></figure>";
    }
    out += "<section><h2>Headline risk factors</h2>" +
           table_html(r.headline, false, r.rank_heading) +
           "<p class=\"note\">Symbols: \u2717 significantly worse, \u2713 significantly better, "
           "\u2248 similar, "
           "\u25B2/\u25BC higher/lower (no better or worse), \u2013 not compared. Significance "
           "follows "
           "OHID Fingertips: the area's 95% confidence interval against the comparator's "
           "value.</p></section>";
    if (!r.trend.labels.empty())
        out += "<section><h2>Incidents trend</h2><p>" + html_escape(r.trend.title) + "</p>" +
               sparkline_svg(r.trend) + "<p class=\"note\">" + html_escape(r.trend.note) +
               "</p></section>";
    out += "<section><h2>" + html_escape(r.schools_heading) + "</h2>" +
           places_html(r.schools, r.no_schools) + "<p class=\"note\">" +
           html_escape(r.schools_note) + "</p></section>";
    out += "<section><h2>" + html_escape(r.services_heading) + "</h2>" +
           places_html(r.services, r.no_services) + "</section>";
    if (r.gaps) out += gap_section_html(*r.gaps);
    out += "<section class=\"appendix\"><h2>All indicators</h2>" +
           table_html(r.other, true, r.rank_heading) + "</section>";
    for (const ReportTable& t : r.appendix) out += extra_table_html(t);
    out += "<section><h2>Sources and citations</h2><ol>";
    for (const auto& c : r.citations) out += "<li>" + html_escape(c) + "</li>";
    out += "</ol><p class=\"note\">Cite as: snamap Strategic Needs Assessment evidence pack for " +
           html_escape(r.name) + " (" + html_escape(r.code) + "), data version " +
           html_escape(r.data_version) + ", built " + html_escape(r.build_date) + ", " +
           html_escape(r.report_url) + ".</p></section></main></body></html>";
    return out;
}

namespace {

std::vector<std::string> row_cells(const ReportRow& row) {
    std::string compared;
    for (const ReportComparison& c : row.comparisons)
        compared += c.symbol + " " + c.name + " " + c.value_text + ": " + c.words + "\n";
    std::string value = row.value_text;
    if (!row.ci_text.empty()) value += " (" + row.ci_text + ")";
    return {row.title + (row.note.empty() ? "" : " — " + row.note), row.period, value,
            row.rank_text + row.counts_text, compared};
}

geo::DocTable doc_table(const std::vector<ReportRow>& rows, const std::string& rank_heading) {
    geo::DocTable table{{"Indicator", "Period", "Value", rank_heading, "Compared with (95%)"},
                        {},
                        {3, 1.3, 1.8, 2, 4}};
    for (const ReportRow& row : rows) table.rows.push_back(row_cells(row));
    return table;
}

void add_places(geo::Document& doc, const std::string& heading,
                const std::vector<ReportPlace>& places, const std::string& none) {
    doc.blocks.push_back(geo::DocText{geo::DocText::Style::heading, heading});
    if (places.empty()) {
        doc.blocks.push_back(geo::DocText{geo::DocText::Style::body, none});
        return;
    }
    geo::DocTable table{{"Name", "Details", "Distance"}, {}, {3, 5, 1}};
    for (const ReportPlace& p : places) table.rows.push_back({p.name, p.detail, p.distance_text});
    doc.blocks.push_back(std::move(table));
}

}  // namespace

geo::Document report_document(const AreaReport& r, const Services& s) {
    using Style = geo::DocText::Style;
    geo::Document doc;
    doc.title = "Evidence pack: " + r.name + " (" + r.code + ")";
    doc.footer = "snamap evidence pack for " + r.name + " (" + r.code + "), data version " +
                 r.data_version + ", built " + r.build_date + ". " + r.report_url;
    doc.created_iso8601 = r.build_date.substr(0, 19);
    doc.blocks.push_back(
        geo::DocText{Style::note, "Strategic Needs Assessment evidence pack · " + r.set_title});
    doc.blocks.push_back(geo::DocText{Style::title, r.name + " (" + r.code + ")"});
    doc.blocks.push_back(geo::DocText{Style::note, "Data version " + r.data_version + ", built " +
                                                       r.build_date + ". Map: " + r.permalink});
    if (!r.pinned_note.empty()) doc.blocks.push_back(geo::DocText{Style::body, r.pinned_note});
    if (!r.reserved_note.empty()) {
        doc.blocks.push_back(geo::DocText{Style::heading, r.reserved_note});
        doc.footer = r.reserved_note + " " + doc.footer;
    }
    doc.blocks.push_back(geo::DocText{Style::heading, "Summary"});
    for (const auto& line : r.summary) doc.blocks.push_back(geo::DocText{Style::body, line});
    if (!r.method_notes.empty())
        doc.blocks.push_back(geo::DocText{Style::heading, "How these figures were made"});
    for (const auto& line : r.method_notes) doc.blocks.push_back(geo::DocText{Style::body, line});
    if (!r.map.indicator_id.empty() && s.shapes) {
        MapDrawing drawing = draw_map_view(r.map, s.data, *s.shapes);
        doc.blocks.push_back(geo::DocMap{std::move(drawing.scene), drawing.catchment_mercator});
    }
    doc.blocks.push_back(geo::DocText{Style::heading, "Headline risk factors"});
    doc.blocks.push_back(doc_table(r.headline, r.rank_heading));
    doc.blocks.push_back(geo::DocText{
        Style::note,
        "Symbols: \u2717 significantly worse, \u2713 significantly better, \u2248 similar, "
        "\u25B2/\u25BC higher/lower, \u2013 not compared (Fingertips method, 95%)."});
    if (!r.trend.labels.empty()) {
        doc.blocks.push_back(geo::DocText{Style::heading, "Incidents trend"});
        doc.blocks.push_back(r.trend);
    }
    add_places(doc, r.schools_heading, r.schools, r.no_schools);
    doc.blocks.push_back(geo::DocText{Style::note, r.schools_note});
    add_places(doc, r.services_heading, r.services, r.no_services);
    if (r.gaps) add_gap_blocks(doc, *r.gaps);
    doc.blocks.push_back(geo::DocPageBreak{});
    doc.blocks.push_back(geo::DocText{Style::heading, "All indicators"});
    doc.blocks.push_back(doc_table(r.other, r.rank_heading));
    for (const ReportTable& t : r.appendix) {
        doc.blocks.push_back(geo::DocText{Style::heading, t.title});
        doc.blocks.push_back(geo::DocText{Style::note, t.note});
        doc.blocks.push_back(geo::DocTable{t.header, t.rows, t.widths});
    }
    doc.blocks.push_back(geo::DocText{Style::heading, "Sources and citations"});
    for (std::size_t i = 0; i < r.citations.size(); ++i)
        doc.blocks.push_back(
            geo::DocText{Style::body, std::to_string(i + 1) + ". " + r.citations[i]});
    return doc;
}

}  // namespace sna::server
