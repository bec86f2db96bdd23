#include "server/views/gaps_section.hpp"

#include "server/index/data_index.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/gaps_view.hpp"
#include "server/views/html_text.hpp"
#include "server/views/value_format.hpp"

#include <algorithm>
#include <cmath>

namespace sna::server {

namespace {

/// "more than 2 km from any service", or the range when service types reach differently.
std::string title_of(const GapAnalysis& g) {
    double least = 0, most = 0;
    for (const auto& [category, r] : g.radius_by_category) {
        least = least == 0 ? r : std::min(least, r);
        most = std::max(most, r);
    }
    if (least == most)
        return "Areas of highest need more than " + distance_text(most) + " from any service";
    return "Areas of highest need beyond every service's reach (" + distance_text(least) + " to " +
           distance_text(most) + " by service type)";
}

std::string nearest_text(const GapAnalysis& g, std::size_t k) {
    const geo::AreaReach& r = g.reach[k];
    if (!r.nearest) return "no service recorded";
    const ServiceEntry& s = (*g.services)[*r.nearest];
    const std::string name = s.name.empty() ? s.category : s.name + " (" + s.category + ")";
    return name + ", " + distance_text(r.nearest_m) +
           (s.approximate ? " (approximate location)" : "");
}

std::string radii_text(const GapAnalysis& g) {
    std::string out;
    for (const auto& [category, r] : g.radius_by_category)
        out += (out.empty() ? "" : "; ") + (category.empty() ? "other" : category) + " " +
               distance_text(r);
    return out;
}

std::string coverage_text(const geo::Coverage& c, const std::string& place,
                          const std::string& nouns) {
    if (c.high_need_areas == 0)
        return place + " has none of the region's highest-need " + nouns + " under this rule.";
    std::string out = "Of the " + format_number(c.high_need_population, 0) + " residents of " +
                      place + "'s " + std::to_string(c.high_need_areas) + " highest-need " + nouns +
                      ", ";
    if (const auto share = c.share())
        out += format_number(*share * 100, 0) + "% live in an area a service reaches";
    else
        out += "none are recorded (no population figures)";
    return out + " (" + std::to_string(c.reached_areas) + " of the " +
           std::to_string(c.high_need_areas) + " " + nouns + ").";
}

GapSection section_of(const DataIndex& data, const GapAnalysis& g, const std::vector<bool>& within,
                      const std::string& place, std::size_t limit) {
    const geo::AreaSet* set = data.area_set(g.request.set);
    const std::string nouns = (set && !set->noun.empty() ? set->noun : "area") + "s";
    GapSection out;
    out.title = title_of(g);
    out.need_text = "Need: " + g.need.value("title", std::string()) + "; highest need = the " +
                    format_number(g.request.top_percent, 2) + "% of the region's " + nouns +
                    " with the highest values.";
    const auto unreached = high_need_areas(g, within, false);
    out.unreached = unreached.size();
    for (const std::size_t k : unreached) {
        if (out.rows.size() == limit) break;
        const AreaEntry& a = *g.areas[k];
        out.rows.push_back({std::to_string(g.rank[k]), a.code, a.name,
                            g.value[k] ? format_number(*g.value[k], 2) : "no data",
                            nearest_text(g, k),
                            a.population ? format_number(*a.population, 0) : "not known"});
    }
    const geo::Coverage coverage = gap_coverage(data, g, within).at("");
    out.high_need = coverage.high_need_areas;
    out.coverage_text = coverage_text(coverage, place, nouns);
    out.note = "Reach assumed for each service type: " + radii_text(g) +
               ". An area counts as reached when any part of it lies within a service's radius. "
               "Service locations are approximate (placed inside the ward or borough the source "
               "names), and the radii are assumptions, not measured catchments. Rank: need in "
               "the region, 1 = highest. /api/gaps gives the full table.";
    out.layer_id = g.layer->id;
    out.indicator_ids = g.indicator_ids;
    return out;
}

}  // namespace

std::optional<GapSection> pack_gap_section(const Services& s,
                                           const std::function<bool(const AreaEntry&)>& within,
                                           const std::string& place_name, std::size_t limit) {
    const DataIndex& data = s.data;
    const auto layers = data.point_layers_of_kind("service");
    if (layers.empty() || !data.analyses().service_reach.count(layers.front())) return std::nullopt;
    if (vru_risk_preset(data, default_composite_set(data)).empty()) return std::nullopt;
    const Query query(
        std::map<std::string, std::string>{{"indicator", "composite"}, {"layer", layers.front()}});
    const GapAnalysis g = analyse_gaps(data, s.analysis, s.analyses, query);
    std::vector<bool> selected;
    for (const AreaEntry* a : g.areas) selected.push_back(within(*a));
    return section_of(data, g, selected, place_name, limit);
}

std::string gap_section_html(const GapSection& section) {
    std::string out = "<section class=\"gaps\"><h2>" + html_escape(section.title) + "</h2><p>" +
                      html_escape(section.coverage_text) + "</p><p class=\"note\">" +
                      html_escape(section.need_text) + "</p>";
    if (section.rows.empty()) {
        if (section.high_need > 0)
            out += "<p>Every highest-need area here is within reach of a service.</p>";
    } else {
        out +=
            "<table><thead><tr><th>Need rank</th><th>Area</th><th>Need</th><th>Nearest "
            "service</th><th>Residents</th></tr></thead><tbody>";
        for (const GapSection::Row& row : section.rows)
            out += "<tr data-area=\"" + html_escape(row.code) + "\"><td>" + html_escape(row.rank) +
                   "</td><td>" + html_escape(row.name) + " (" + html_escape(row.code) +
                   ")</td><td>" + html_escape(row.value) + "</td><td>" + html_escape(row.nearest) +
                   "</td><td>" + html_escape(row.population) + "</td></tr>";
        out += "</tbody></table>";
        if (section.unreached > section.rows.size())
            out += "<p class=\"note\">The " + std::to_string(section.rows.size()) +
                   " highest-need of " + std::to_string(section.unreached) + " such areas.</p>";
    }
    return out + "<p class=\"note\">" + html_escape(section.note) + "</p></section>";
}

void add_gap_blocks(geo::Document& doc, const GapSection& section) {
    using Style = geo::DocText::Style;
    doc.blocks.push_back(geo::DocText{Style::heading, section.title});
    doc.blocks.push_back(geo::DocText{Style::body, section.coverage_text});
    doc.blocks.push_back(geo::DocText{Style::note, section.need_text});
    if (section.rows.empty()) {
        if (section.high_need > 0)
            doc.blocks.push_back(geo::DocText{
                Style::body, "Every highest-need area here is within reach of a service."});
    } else {
        geo::DocTable table{
            {"Need rank", "Area", "Need", "Nearest service", "Residents"}, {}, {1, 3, 1, 4, 1.2}};
        for (const GapSection::Row& row : section.rows)
            table.rows.push_back({row.rank, row.name + " (" + row.code + ")", row.value,
                                  row.nearest, row.population});
        doc.blocks.push_back(std::move(table));
    }
    doc.blocks.push_back(geo::DocText{Style::note, section.note});
}

}  // namespace sna::server
