// The packs' gaps section as HTML and as PDF blocks: rows in order and escaped, the note when
// only the first rows are shown, and no "every area is reached" claim for a place with no
// high-need area at all (a catchment touching none).
#include "server/views/gaps_section.hpp"

#include <catch2/catch.hpp>

#include <variant>

using namespace sna::server;

namespace {

GapSection two_of_three() {
    GapSection s;
    s.title = "Areas of highest need more than 2 km from any service";
    s.need_text = "Need: index";
    s.rows = {
        {"1", "E01000001", "Lozells & East", "71.2", "Sparkbrook (Step Together), 2.4 km", "1,650"},
        {"4", "E01000002", "<b>Aston</b>", "69", "no service recorded", "not known"}};
    s.unreached = 3;
    s.high_need = 5;
    s.coverage_text = "Of the 8,000 residents …";
    s.note = "Reach assumed …";
    return s;
}

}  // namespace

TEST_CASE("gaps section: rows in need order, escaped, with a note when some are left out") {
    const std::string html = gap_section_html(two_of_three());
    CHECK(html.rfind("<section class=\"gaps\"><h2>Areas of highest need more than 2 km", 0) == 0);
    const auto first = html.find("data-area=\"E01000001\"");
    const auto second = html.find("data-area=\"E01000002\"");
    REQUIRE(first != std::string::npos);
    CHECK(second > first);
    CHECK_THAT(html, Catch::Contains("Lozells &amp; East"));
    CHECK_THAT(html, Catch::Contains("&lt;b&gt;Aston&lt;/b&gt;"));
    CHECK_THAT(html, Catch::Contains("The 2 highest-need of 3 such areas."));
    CHECK(html.find("Every highest-need area") == std::string::npos);
}

TEST_CASE("gaps section: all reached, or no high-need area at all, are told apart") {
    GapSection reached = two_of_three();
    reached.rows.clear();
    reached.unreached = 0;
    CHECK_THAT(gap_section_html(reached), Catch::Contains("Every highest-need area here is within "
                                                          "reach of a service."));
    GapSection none = reached;
    none.high_need = 0;
    const std::string html = gap_section_html(none);
    CHECK(html.find("Every highest-need area") == std::string::npos);
    CHECK(html.find("<table>") == std::string::npos);
    sna::geo::Document doc;
    add_gap_blocks(doc, none);
    CHECK(doc.blocks.size() == 4);  // heading, coverage, need, note: no table, no claim
    sna::geo::Document full;
    add_gap_blocks(full, two_of_three());
    REQUIRE(full.blocks.size() == 5);
    const auto* table = std::get_if<sna::geo::DocTable>(&full.blocks[3]);
    REQUIRE(table);
    CHECK(table->rows.size() == 2);
    CHECK(table->rows[0][1] == "Lozells & East (E01000001)");
}
