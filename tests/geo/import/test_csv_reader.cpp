#include "geo/import/csv_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include "geo/core/errors.hpp"

#include "tests/support/error_text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using sna::geo::CsvReader;
using sna::geo::DataError;
using Row = std::vector<std::string>;

namespace {

using sna::test::TempDir;

std::vector<Row> read_all(CsvReader& csv) {
    std::vector<Row> rows;
    Row row;
    while (csv.next(row)) rows.push_back(row);
    return rows;
}

/// The what() text of the DataError `f` throws; fails the test if it throws nothing.
using sna::test::error_text;

}  // namespace

TEST_CASE("CsvReader reads quoted fields with commas, quotes and empty values") {
    TempDir dir;
    const auto path = dir.write("q.csv",
                                "name,comment,n\n"
                                "\"Smith, J\",\"He said \"\"hi\"\"\",3\n"
                                "plain,,4\n"
                                "\"\",\"\",\"5\"\n");
    CsvReader csv(path, "people/q.csv");
    CHECK(csv.header() == Row{"name", "comment", "n"});
    CHECK(csv.row_number() == 1);
    CHECK(csv.display_name() == "people/q.csv");

    Row row;
    REQUIRE(csv.next(row));
    CHECK(row == Row{"Smith, J", "He said \"hi\"", "3"});
    CHECK(csv.row_number() == 2);
    REQUIRE(csv.next(row));
    CHECK(row == Row{"plain", "", "4"});
    REQUIRE(csv.next(row));
    CHECK(row == Row{"", "", "5"});
    CHECK(csv.row_number() == 4);
    CHECK_FALSE(csv.next(row));
    CHECK_FALSE(csv.next(row));  // stays at the end
}

TEST_CASE("CsvReader handles CRLF, CR and a last line without a newline") {
    TempDir dir;
    SECTION("CRLF, with a CRLF kept inside quotes") {
        CsvReader csv(dir.write("crlf.csv", "a,b\r\nx,y\r\n\"p\r\nq\",z\r\n"));
        CHECK(csv.header() == Row{"a", "b"});
        CHECK(read_all(csv) == std::vector<Row>{{"x", "y"}, {"p\r\nq", "z"}});
    }
    SECTION("old Mac CR line ends") {
        CsvReader csv(dir.write("cr.csv", "a,b\rx,y\r1,2"));
        CHECK(read_all(csv) == std::vector<Row>{{"x", "y"}, {"1", "2"}});
    }
    SECTION("no newline at the end, trailing empty field") {
        CsvReader csv(dir.write("end.csv", "a,b\nx,"));
        CHECK(read_all(csv) == std::vector<Row>{{"x", ""}});
    }
}

TEST_CASE("CsvReader strips a UTF-8 byte-order mark and keeps UTF-8 text") {
    TempDir dir;
    CsvReader csv(dir.write("bom.csv",
                            "\xEF\xBB\xBF"
                            "code,name\nE01,Caf\xC3\xA9\n"));
    CHECK(csv.header() == Row{"code", "name"});
    CHECK(csv.column_index("code", "code_column") == 0);
    CHECK(read_all(csv) == std::vector<Row>{{"E01", "Caf\xC3\xA9"}});
}

TEST_CASE("CsvReader numbers rows as a spreadsheet shows them") {
    TempDir dir;
    const auto path = dir.write("multi.csv",
                                "id,text,n\n"                                // row 1
                                "1,\"line one\nline two\nline three\",10\n"  // row 2 (3 lines)
                                "2,plain,20\n"                               // row 3
                                "\n"                  // row 4: blank, skipped
                                "3,after blank,30\n"  // row 5
                                "4,short\n");         // row 6: one field missing
    CsvReader csv(path, "notes/multi.csv");
    Row row;
    REQUIRE(csv.next(row));
    CHECK(row[1] == "line one\nline two\nline three");
    CHECK(csv.row_number() == 2);
    REQUIRE(csv.next(row));
    CHECK(row[0] == "2");
    CHECK(csv.row_number() == 3);
    REQUIRE(csv.next(row));
    CHECK(row[0] == "3");
    CHECK(csv.row_number() == 5);
}

TEST_CASE("CsvReader messages give the physical line, after quoted newlines too") {
    TempDir dir;
    const auto path = dir.write("multi.csv",
                                "id,text,n\n"                                // line 1
                                "1,\"line one\nline two\nline three\",10\n"  // lines 2-4
                                "2,plain,20\n"                               // line 5
                                "\n"                                         // line 6
                                "3,after blank,30\n"                         // line 7
                                "4,short\n");                                // line 8
    CsvReader csv(path, "notes/multi.csv");
    Row row;
    REQUIRE(csv.next(row));
    CHECK(csv.line_number() == 2);
    REQUIRE(csv.next(row));
    CHECK(csv.line_number() == 5);
    CHECK(csv.row_number() == 3);
    REQUIRE(csv.next(row));
    CHECK(csv.line_number() == 7);
    CHECK(error_text([&] { csv.next(row); }) == "notes/multi.csv:8: expected 3 fields, found 2");

    CsvReader bad_utf8(dir.write("u.csv", "a,b\n\"x\ny\",1\n2,\xE9\n"), "u.csv");
    REQUIRE(bad_utf8.next(row));
    CHECK_THAT(error_text([&] { bad_utf8.next(row); }), Catch::StartsWith("u.csv:4: column 'b'"));
}

TEST_CASE("CsvReader rejects rows with too many fields, with a hint") {
    TempDir dir;
    CsvReader csv(dir.write("wide.csv", "code,value\nE01,1,234\n"), "wide.csv");
    Row row;
    try {
        csv.next(row);
        FAIL("expected a DataError");
    } catch (const DataError& e) {
        CHECK(e.where().file == "wide.csv");
        CHECK(e.where().row == "2");
        CHECK(std::string(e.what()) ==
              "wide.csv:2: expected 2 fields, found 3; a value containing a comma must be in "
              "double quotes");
    }
}

TEST_CASE("CsvReader reports invalid UTF-8 with file, row, column and byte") {
    TempDir dir;
    SECTION("in a data row (Latin-1 e-acute)") {
        CsvReader csv(dir.write("latin1.csv", "code,name\nE01,Caf\xC3\xA9\nE02,Caf\xE9\n"),
                      "areas/latin1.csv");
        Row row;
        REQUIRE(csv.next(row));
        try {
            csv.next(row);
            FAIL("expected a DataError");
        } catch (const DataError& e) {
            CHECK(e.where().file == "areas/latin1.csv");
            CHECK(e.where().row == "3");
            CHECK(e.where().column == "name");
            CHECK_THAT(e.what(), Catch::StartsWith("areas/latin1.csv:3: column 'name': invalid "
                                                   "UTF-8 at byte 4 of the value (0xE9)"));
        }
    }
    SECTION("in the header") {
        const auto path = dir.write("head.csv",
                                    "code,\xFF"
                                    "bad\nE01,1\n");
        CHECK_THAT(error_text([&] { CsvReader csv(path, "head.csv"); }),
                   Catch::StartsWith("head.csv:1: column '#2': invalid UTF-8 at byte 1"));
    }
}

TEST_CASE("CsvReader errors for missing, empty, UTF-16 and unterminated files") {
    TempDir dir;
    CHECK_THAT(error_text([&] { CsvReader csv("/nonexistent/dir/x.csv", "crime/x.csv"); }),
               Catch::StartsWith("crime/x.csv: cannot open '/nonexistent/dir/x.csv': "));
    const auto empty = dir.write("empty.csv", "");
    CHECK(error_text([&] { CsvReader csv(empty, "empty.csv"); }) ==
          "empty.csv: file is empty, expected a header row");
    const auto blank = dir.write("blank.csv", "\xEF\xBB\xBF\r\n\n");
    CHECK(error_text([&] { CsvReader csv(blank, "blank.csv"); }) ==
          "blank.csv: file is empty, expected a header row");
    const auto utf16 = dir.write("utf16.csv", std::string("\xFF\xFE"
                                                          "a\0,\0b\0",
                                                          8));
    CHECK_THAT(error_text([&] { CsvReader csv(utf16, "utf16.csv"); }), Catch::Contains("UTF-16"));

    CsvReader open_quote(dir.write("quote.csv", "a,b\n1,\"never closed\n2,3\n"), "quote.csv");
    Row row;
    CHECK(error_text([&] { open_quote.next(row); }) ==
          "quote.csv:2: quoted field opened on line 2 is never closed (a '\"' is missing)");
}

TEST_CASE("CsvReader::column_index suggests the nearest column or lists them") {
    TempDir dir;
    CsvReader csv(dir.write("crimes.csv", "Month,Crime type,LSOA code\n2024-01,Robbery,E01\n"),
                  "crime/crimes.csv");
    CHECK(csv.column_index("Crime type", "category_column") == 1);
    CHECK(error_text([&] { csv.column_index("Crime Type", "category_column"); }) ==
          "crime/crimes.csv: column 'Crime Type': not found (needed for category_column); did you "
          "mean 'Crime type'?");
    CHECK(error_text([&] { csv.column_index("Easting", "x_column"); }) ==
          "crime/crimes.csv: column 'Easting': not found (needed for x_column); available "
          "columns: 'Month', 'Crime type', 'LSOA code'");
}

TEST_CASE("CsvReader is correct across buffer refills") {
    // More than one 1 MiB buffer, with CRLFs and a quoted field far larger than the buffer.
    TempDir dir;
    std::string text = "id,text,double\r\n";
    const std::string big(3 << 20, 'x');
    constexpr int rows = 60000;
    for (int i = 0; i < rows; ++i) {
        text += std::to_string(i) + ",\"a, \"\"b\"\"\r\nc " + std::to_string(i) + "\"," +
                std::to_string(2 * i) + "\r\n";
        if (i == rows / 2) text += "big,\"" + big + "\",0\r\n";
    }
    CsvReader csv(dir.write("big.csv", text));
    Row row;
    int i = 0;
    bool saw_big = false;
    while (csv.next(row)) {
        if (row[0] == "big") {
            saw_big = true;
            CHECK(row[1] == big);
            continue;
        }
        REQUIRE(row.size() == 3);
        REQUIRE(row[0] == std::to_string(i));
        REQUIRE(row[1] == "a, \"b\"\r\nc " + std::to_string(i));
        REQUIRE(row[2] == std::to_string(2 * i));
        ++i;
    }
    CHECK(saw_big);
    CHECK(i == rows);
    CHECK(csv.row_number() == rows + 2);
}
