#include "geo/render/document.hpp"
#include "tests/support/pdf_tools.hpp"

#include <catch2/catch.hpp>

using namespace sna;
using namespace sna::geo;

TEST_CASE("a document renders to an A4 PDF that poppler reads back") {
    const MultiPolygon area{{Polygon{{Ring{{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}}}}}};
    Document doc;
    doc.title = "Evidence pack";
    doc.footer = "Data version abc123";
    doc.created_iso8601 = "2026-01-02T03:04:05";
    doc.blocks.push_back(DocText{DocText::Style::title, "Evidence pack for Nowhere 001A"});
    doc.blocks.push_back(
        DocText{DocText::Style::body, "A short summary that says where it stands."});
    MapScene scene;
    scene.width = 600;
    scene.height = 400;
    scene.view = fit_view(bbox_of(area), 600, 400, 0.1);
    scene.areas = {{&area, rgb_from_hex("#bd0026")}};
    doc.blocks.push_back(DocMap{scene, nullptr});
    DocTable table{{"Indicator", "Value"}, {}, {3, 1}};
    for (int i = 0; i < 80; ++i)  // long enough to need a second page
        table.rows.push_back({"Indicator number " + std::to_string(i), std::to_string(i * 1.5)});
    doc.blocks.push_back(table);
    doc.blocks.push_back(DocSeries{"Monthly incidents",
                                   {"Jan 2024", "Feb 2024", "Mar 2024"},
                                   {1.0, std::nullopt, 3.0},
                                   {false, true, false},
                                   "Grey: incomplete"});
    const std::string pdf = render_pdf(doc);
    REQUIRE(pdf.rfind("%PDF-", 0) == 0);
    CHECK(render_pdf(doc) == pdf);  // a fixed creation date makes the bytes reproducible

    const test::PdfReadBack back = test::read_back_pdf(pdf);
    CHECK(back.pages >= 2);
    CHECK(back.rendered == back.pages);
    CHECK_THAT(back.text, Catch::Contains("Evidence pack for Nowhere 001A"));
    CHECK_THAT(back.text, Catch::Contains("Indicator number 79"));
    CHECK_THAT(back.text, Catch::Contains("118.5"));
    CHECK_THAT(back.text, Catch::Contains("Data version abc123"));
    CHECK_THAT(back.text, Catch::Contains("Page 2"));
}
