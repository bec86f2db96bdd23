#include "geo/core/name_match.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

NameMatch match(const std::string& query, const std::string& name) {
    return match_name(make_searchable(query), make_searchable(name));
}

}  // namespace

TEST_CASE("search words split on anything but letters and digits") {
    CHECK(search_words("Sutton Walmley & Minworth") ==
          std::vector<std::string>{"sutton", "walmley", "minworth"});
    CHECK(search_words("  Birmingham 001A ") == std::vector<std::string>{"birmingham", "001a"});
    CHECK(search_words("King's Norton North") ==
          std::vector<std::string>{"kings", "norton", "north"});
    CHECK(search_words("King\xE2\x80\x99s Norton") == std::vector<std::string>{"kings", "norton"});
    CHECK(search_words("").empty());
}

TEST_CASE("allowed edits grow with the word and never touch codes") {
    CHECK(allowed_edits("oak") == 0);
    CHECK(allowed_edits("lozl") == 1);
    CHECK(allowed_edits("lozels") == 1);
    CHECK(allowed_edits("coldfeld") == 2);
    CHECK(allowed_edits("e01009471") == 0);
}

TEST_CASE("name matches rank exact, prefix, words, fuzzy, partial") {
    CHECK(match("lozells", "Lozells").kind == NameMatchKind::exact);
    CHECK(match("E05011121", "e05011121").kind == NameMatchKind::exact);
    CHECK(match("loz", "Lozells").kind == NameMatchKind::prefix);
    CHECK(match("four oaks", "Sutton Four Oaks").kind == NameMatchKind::words);
    CHECK(match("oaks sutton", "Sutton Four Oaks").kind == NameMatchKind::words);
    CHECK(match("kings norton", "King's Norton North").kind == NameMatchKind::words);
    CHECK(match("lozels", "Lozells").kind == NameMatchKind::fuzzy);
    CHECK(match("lozels", "Lozells").edits == 1);
    CHECK(match("handsworht wood", "Handsworth Wood").kind == NameMatchKind::fuzzy);
    CHECK(match("handsworht wood", "Handsworth Wood").edits == 2);
    const NameMatch sutton = match("sutton coldfield", "Sutton Four Oaks");
    CHECK(sutton.kind == NameMatchKind::partial);
    CHECK(sutton.matched_words == std::vector<std::string>{"sutton"});
    CHECK(match("lozells", "Aston").kind == NameMatchKind::none);
}

TEST_CASE("name matches refuse what is too far or too short to guess") {
    // Three letters: no typo allowed; two edits in a six-letter word: too many.
    CHECK(match("ast", "Ashton").kind == NameMatchKind::none);
    CHECK(match("lozzlz", "Lozells").kind == NameMatchKind::none);
    // A digit: never fuzzy (E01009471 is not E01009472).
    CHECK(match("E01009472", "E01009471").kind == NameMatchKind::none);
    // Filler words alone do not make a partial match.
    CHECK(match("the and", "The Royal Town").kind == NameMatchKind::none);
    CHECK(match("of the", "Sutton Four Oaks").kind == NameMatchKind::none);
}
