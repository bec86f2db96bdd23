#pragma once
/// The evidence pack of one area (LSOA, ward or borough): everything the printable HTML and the
/// PDF show, built from the same profile document the API serves, so the figures agree.

#include "geo/render/document.hpp"
#include "server/http/http_message.hpp"
#include "server/index/services.hpp"
#include "server/views/gaps_section.hpp"
#include "server/views/map_view.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::server {

struct ReportComparison {
    std::string name;        ///< "Birmingham", "the region", "England"
    std::string value_text;  ///< the comparator's value, formatted
    std::string judgement;   ///< better, worse, similar, higher, lower, not_compared
    std::string symbol;      ///< a glyph that does not rely on colour
    std::string words;       ///< "significantly worse than Birmingham (95%)"
};

struct ReportRow {
    std::string id;
    std::string title;
    std::string theme;
    std::string period;
    std::string value_text;
    std::optional<double> value;
    std::string ci_text;    ///< "95% CI 12.1 to 14.0", or "" without one
    std::string rank_text;  ///< "39th worst of 192 in the region (decile 2)"
    std::string national_text;
    std::vector<ReportComparison> comparisons;
    std::string note;         ///< aggregated from …, suppressed because …
    std::string counts_text;  ///< "numerator 1,234 / denominator 56,789" (catchment packs)
    std::string dataset;
};

/// The monthly incidents trend: the same record the PDF draws.
using ReportSeries = geo::DocSeries;

struct ReportPlace {
    std::string name;
    std::string detail;
    std::string distance_text;
};

/// A table of the pack's appendix (a catchment's constituent areas).
struct ReportTable {
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;  ///< relative column widths in the PDF
    std::string note;
};

/// The evidence pack of an area or a catchment (catchment_report.hpp).
struct AreaReport {
    std::string code;
    std::string name;
    std::string set_id;
    std::string set_title;
    std::string set_noun;      ///< what one area of the set is called, e.g. "ward"
    std::string borough_name;  ///< the borough the area lies in; empty for a borough
    std::string population_text;
    std::vector<std::string> summary;
    std::vector<ReportRow> headline;
    std::vector<ReportRow> other;
    ReportSeries trend;
    std::vector<ReportPlace> schools;
    std::string schools_note;
    std::vector<ReportPlace> services;
    /// Borough packs: the highest-need areas no service reaches (gaps_section.hpp).
    std::optional<GapSection> gaps;
    std::string schools_heading = "Schools nearby";
    std::string no_schools = "No schools within 1 km.";
    std::string services_heading = "Services nearby";
    std::string no_services = "No VRU-funded services recorded within 2 km.";
    /// The heading of the rank column (a catchment's shows numerators and denominators there).
    std::string rank_heading = "Rank in the region";
    /// How the figures were made (a catchment's apportionment and its caveats); none for areas.
    std::vector<std::string> method_notes;
    std::vector<ReportTable> appendix;  ///< after "All indicators"
    std::vector<std::string> citations;
    std::string data_version;
    std::string build_date;
    std::string permalink;   ///< the web map at this area, pinned to the data version
    std::string report_url;  ///< this report, pinned
    std::string pdf_url;     ///< its PDF, pinned (relative to the server)
    std::string outline_words = "outlined in black";  ///< how the map marks the area
    std::string pinned_note;  ///< set when the link asked for another data version
    /// "Includes partner-only data — not for publication." when any figure, school or service
    /// shown is reserved to a group (citations.hpp); "" for an all-public pack.
    std::string reserved_note;
    MapView map;
};

/// @throws NotFound for an unknown area code.
AreaReport build_area_report(const Services& services, const std::string& code, const Query& query,
                             const std::string& base_url);

/// GET /report/{code} — printable A4 HTML.
/// The pack as printable HTML (A4 print styles).
std::string report_html(const AreaReport& report);
/// The pack as a document for the cairo PDF renderer.
geo::Document report_document(const AreaReport& report, const Services& services);

}  // namespace sna::server
