#include "geo/core/errors.hpp"
#include "geo/import/manifest.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sna::geo;

namespace {

const std::string minimal = R"({
  "snamap_manifest": 1, "name": "Test",
  "datasets": [{"id": "ons", "title": "Boundaries", "publisher": "ONS", "licence": "OGL v3.0"}],
  "area_sets": [{"id": "lsoa", "title": "LSOA", "dataset": "ons", "path": "a.gpkg",
                 "code_field": "code", "name_field": "name"}],
  "tables": [{"path": "t.csv", "set": "lsoa", "dataset": "ons", "code_column": "code",
              "indicators": [{"id": "x", "title": "X", "column": "x", "polarity": "higher_is_worse"}]}]
})";

std::string message_of(const std::string& json) {
    try {
        parse_manifest(json, "m.json");
    } catch (const DataError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("a minimal manifest parses with defaults filled in") {
    const Manifest m = parse_manifest(minimal, "m.json");
    CHECK(m.name == "Test");
    CHECK(m.equal_area_crs == "EPSG:27700");
    REQUIRE(m.tables.size() == 1);
    const auto& i = m.tables[0].indicators[0].indicator;
    CHECK(i.polarity == Polarity::higher_is_worse);
    CHECK(i.set_id == "lsoa");
    CHECK(i.dataset_id == "ons");
    CHECK(i.source_file == "t.csv");
    CHECK(source_paths(m) == std::vector<std::string>{"a.gpkg", "t.csv"});
}

TEST_CASE("a misspelt key is named with the nearest valid key") {
    const std::string msg = message_of(replaced(minimal, "\"code_field\"", "\"code_feild\""));
    CHECK_THAT(msg, Catch::Contains("m.json"));
    CHECK_THAT(msg,
               Catch::Contains("area_sets[0].code_feild: unknown key; did you mean 'code_field'?"));
}

TEST_CASE("manifest errors name the JSON path") {
    CHECK_THAT(message_of(replaced(minimal, "\"higher_is_worse\"", "\"bigger_is_bad\"")),
               Catch::Contains("tables[0].indicators[0].polarity"));
    CHECK_THAT(message_of(replaced(minimal, "\"set\": \"lsoa\"", "\"set\": \"lsao\"")),
               Catch::Contains("unknown area set 'lsao'; did you mean 'lsoa'?"));
    CHECK_THAT(message_of("{ not json"), Catch::Contains("not valid JSON"));
    CHECK_THAT(message_of(replaced(minimal, "\"snamap_manifest\": 1", "\"snamap_manifest\": 2")),
               Catch::Contains("snamap_manifest"));
}

TEST_CASE("manifest: paths resolve against the sources or the manifest folder") {
    CHECK(resolve_source("a/b.csv", "/data", "/p/m.json") == "/data/a/b.csv");
    CHECK(resolve_source("manifest:facts/f.csv", "/data", "/p/data/m.json") ==
          "/p/data/facts/f.csv");
}

TEST_CASE("manifest: suppression defaults to 5 and a different threshold needs a reason") {
    const Manifest m = parse_manifest(minimal, "m.json");
    CHECK(m.datasets[0].suppress_below == 5);
    const std::string off = replaced(minimal, R"("licence": "OGL v3.0"})",
                                     R"("licence": "OGL v3.0", "suppression": {"threshold": 0,
                                        "note": "already published as points"}})");
    CHECK(parse_manifest(off, "m.json").datasets[0].suppress_below == 0);
    const std::string silent =
        replaced(minimal, R"("licence": "OGL v3.0"})",
                 R"("licence": "OGL v3.0", "suppression": {"threshold": 0}})");
    CHECK(message_of(silent) ==
          "m.json: datasets[0].suppression.note: say why this dataset departs from the default "
          "threshold of 5");
}

TEST_CASE("manifest: national values come from rows, a declared value, or a stated absence") {
    const std::string rows = replaced(minimal, R"("code_column": "code",)",
                                      R"("code_column": "code",
                                         "national": {"filter": {"level": "National"}},)");
    const Manifest m = parse_manifest(rows, "m.json");
    CHECK(m.tables[0].national.filter.at("level") == std::vector<std::string>{"National"});
    CHECK(m.tables[0].national.code == "E92000001");

    const std::string declared = replaced(
        minimal, R"("polarity": "higher_is_worse"})",
        R"("polarity": "higher_is_worse", "national": {"value": 0.1, "note": "by definition"}})");
    const auto n = parse_manifest(declared, "m.json").tables[0].indicators[0].national;
    CHECK(n.value == 0.1);
    CHECK(n.note == "by definition");

    const std::string no_note =
        replaced(minimal, R"("polarity": "higher_is_worse"})",
                 R"("polarity": "higher_is_worse", "national": {"value": 0.1}})");
    CHECK(message_of(no_note) ==
          "m.json: tables[0].indicators[0].national.note: a declared national value needs a note "
          "saying how it is known");
    const std::string both = replaced(minimal, R"("code_column": "code",)",
                                      R"("code_column": "code", "national": {"filter": {"a": "b"},
                                         "unavailable": "none"},)");
    CHECK(message_of(both) ==
          "m.json: tables[0].national: give exactly one of 'filter', 'value' or 'unavailable'");
}

TEST_CASE("manifest: what a numerator counts and how an indicator pools are checked") {
    const Manifest m = parse_manifest(
        replaced(minimal, R"("column": "x",)",
                 R"("column": "x", "numerator_counts": "events", "pooling": "ratio_of_sums",)"),
        "m.json");
    CHECK(m.tables[0].indicators[0].indicator.counts == "events");
    CHECK(m.tables[0].indicators[0].indicator.pooling == "ratio_of_sums");
    CHECK_THAT(message_of(replaced(minimal, R"("column": "x",)",
                                   R"("column": "x", "numerator_counts": "crimes",)")),
               Catch::Contains("expected 'events', 'people' or 'areas'"));
    CHECK_THAT(message_of(replaced(minimal, R"("column": "x",)",
                                   R"("column": "x", "pooling": "average",)")),
               Catch::Contains("pooling"));
    // Without a value column the value is numerator / denominator; without those it is an error.
    CHECK_THAT(message_of(replaced(minimal, R"("column": "x",)", "")),
               Catch::Contains("required unless numerator_column"));
    const Manifest ratio =
        parse_manifest(replaced(minimal, R"("column": "x",)",
                                R"("numerator_column": "n", "denominator_total_column": "n",)"),
                       "m.json");
    CHECK(ratio.tables[0].indicators[0].indicator.source_column == "n / sum of n");
}

TEST_CASE("a key given twice in one object is an error naming it and where") {
    CHECK_THAT(
        message_of(replaced(minimal, R"("name": "Test",)", R"("name": "Test", "name": "B",)")),
        Catch::StartsWith("m.json: key 'name' appears twice in the same object"));
    CHECK_THAT(message_of(replaced(minimal, R"("code_field": "code",)",
                                   R"("code_field": "code", "code_field": "id",)")),
               Catch::StartsWith("m.json: area_sets[0]: key 'code_field' appears twice"));
    CHECK_THAT(
        message_of(replaced(minimal, R"("column": "x",)", R"("column": "x", "column": "y",)")),
        Catch::StartsWith("m.json: tables[0].indicators[0]: key 'column' appears twice"));
    // The same key in different objects is fine.
    CHECK(message_of(minimal) == "(no error)");
}

TEST_CASE("source_roots is read as a list of folders") {
    const Manifest m =
        parse_manifest(replaced(minimal, R"("name": "Test",)",
                                R"("name": "Test", "source_roots": ["../shared", "/data"],)"),
                       "m.json");
    CHECK(m.source_roots == std::vector<std::string>{"../shared", "/data"});
    CHECK(parse_manifest(minimal, "m.json").source_roots.empty());
}

// Found by the manifest fuzzer: a number beyond double's range escaped as nlohmann's out_of_range
// instead of a DataError naming the file.
TEST_CASE("a number too large for JSON's doubles is an error naming the file") {
    CHECK_THAT(message_of(replaced(minimal, R"("name": "Test",)", R"("name": 19E7798,)")),
               Catch::StartsWith("m.json: not valid JSON:") && Catch::Contains("number overflow"));
    CHECK_THAT(message_of(R"({"snamap_manifest": 1e999})"),
               Catch::StartsWith("m.json: not valid JSON:"));
}

TEST_CASE("an area set's level and nouns default from the level and can be named") {
    const Manifest plain = parse_manifest(minimal, "m.json");
    CHECK(plain.area_sets[0].set.level == AreaLevel::other);
    CHECK(plain.area_sets[0].set.noun == "area");
    CHECK(plain.area_sets[0].set.plural_noun == "areas");
    const Manifest ward = parse_manifest(
        replaced(minimal, "\"id\": \"lsoa\",", "\"id\": \"lsoa\", \"level\": \"ward\","), "m.json");
    CHECK(ward.area_sets[0].set.level == AreaLevel::ward);
    CHECK(ward.area_sets[0].set.noun == "ward");
    CHECK(ward.area_sets[0].set.plural_noun == "wards");
    const Manifest named = parse_manifest(
        replaced(minimal, "\"id\": \"lsoa\",",
                 R"("id": "lsoa", "level": "small_area", "noun": "LSOA", "plural_noun": "LSOAs",)"),
        "m.json");
    CHECK(named.area_sets[0].set.level == AreaLevel::small_area);
    CHECK(named.area_sets[0].set.noun == "LSOA");
}

TEST_CASE("an unknown level and two local-authority sets are refused with the key named") {
    CHECK_THAT(message_of(replaced(minimal, "\"id\": \"lsoa\",",
                                   "\"id\": \"lsoa\", \"level\": \"county\",")),
               Catch::Contains("area_sets[0].level: expected 'region', 'local_authority'"));
    const std::string two_authorities = replaced(
        minimal, R"("area_sets": [)",
        R"("area_sets": [{"id": "la1", "level": "local_authority", "title": "A", "dataset": "ons",
                          "path": "b.gpkg", "code_field": "c", "name_field": "n"},
                         {"id": "la2", "level": "local_authority", "title": "B", "dataset": "ons",
                          "path": "c.gpkg", "code_field": "c", "name_field": "n"},)");
    CHECK_THAT(message_of(two_authorities),
               Catch::Contains("at most one set may have level 'local_authority'"));
}

TEST_CASE("the evidence pack's headline and trend come from analyses.report") {
    const std::string with_report = replaced(
        minimal, R"("tables": [)",
        R"("analyses": {"report": {"headline": ["x"], "trend": "x", "trend_title": "X a month"}},
           "tables": [)");
    const Manifest m = parse_manifest(with_report, "m.json");
    CHECK(m.analyses.report.headline == std::vector<std::string>{"x"});
    CHECK(m.analyses.report.trend == "x");
    CHECK(m.analyses.report.trend_title == "X a month");
    CHECK_THAT(message_of(replaced(with_report, R"(, "trend_title": "X a month")", "")),
               Catch::Contains("analyses.report.trend_title"));
}

TEST_CASE("access levels are read from datasets, indicators and points, and checked") {
    const Manifest m =
        parse_manifest(replaced(replaced(minimal, R"("licence": "OGL v3.0"})",
                                         R"("licence": "OGL v3.0", "access": "partner"})"),
                                R"("column": "x",)", R"("column": "x", "access": "public",)"),
                       "m.json");
    CHECK(m.access.datasets.at("ons") == "partner");
    CHECK(m.access.indicators.at("x") == "public");
    CHECK_THAT(message_of(replaced(minimal, R"("licence": "OGL v3.0"})",
                                   R"("licence": "OGL v3.0", "access": "Partners!"})")),
               Catch::Contains("datasets[0].access: expected 'public' or a group name"));
}

namespace {

/// The minimal manifest with one point layer: `layer` is its JSON object.
std::string with_point_layer(const std::string& layer) {
    return replaced(minimal, "\n}", ",\n  \"points\": [" + layer + "]\n}");
}

std::string point_layer(const std::string& kind, const std::string& reach) {
    return R"({"id": "svc", "title": "S", "kind": ")" + kind +
           R"(", "dataset": "ons", "path": "s.csv", "x_column": "x", "y_column": "y",
              "category_column": "type", "reach": )" +
           reach + "}";
}

}  // namespace

TEST_CASE("manifest: a service layer's reach is read in metres, per category, and stored") {
    const Manifest m = parse_manifest(
        with_point_layer(point_layer(
            "service", R"({"default_m": 1500, "by_category": {"Step Together": 1000}})")),
        "m.json");
    const ServiceReach& r = m.analyses.service_reach.at("svc");
    CHECK(r.default_m == 1500);
    CHECK(r.radius_for("Step Together") == 1000);
    CHECK(r.radius_for("Safe Spaces") == 1500);
    const auto stored = nlohmann::json::parse(analyses_json(m.analyses));
    CHECK(stored["service_reach"]["svc"]["default_m"] == 1500.0);
    CHECK(stored["service_reach"]["svc"]["by_category"]["Step Together"] == 1000.0);
    // Without a reach nothing is stored.
    const Manifest none = parse_manifest(minimal, "m.json");
    CHECK(none.analyses.service_reach.empty());
    CHECK_FALSE(nlohmann::json::parse(analyses_json(none.analyses)).contains("service_reach"));
}

TEST_CASE("manifest: a bad reach is an error naming the member") {
    const auto message = [](const std::string& kind, const std::string& reach) {
        return message_of(with_point_layer(point_layer(kind, reach)));
    };
    CHECK_THAT(message("school", R"({"default_m": 1500})"),
               Catch::Contains("points[0].reach: only point layers of kind 'service' have a "
                               "reach (this one is 'school')"));
    CHECK_THAT(message("service", R"({"by_category": {"A": 100}})"),
               Catch::Contains("points[0].reach.default_m: is required"));
    CHECK_THAT(message("service", R"({"default": 100})"),
               Catch::Contains("points[0].reach.default: unknown key; did you mean 'default_m'?"));
    CHECK_THAT(message("service", R"({"default_m": 0})"),
               Catch::Contains("points[0].reach.default_m: expected a radius in metres above 0 "
                               "and at most 50000, got 0"));
    CHECK_THAT(message("service", R"({"default_m": 100, "by_category": {"Safe Spaces": -1}})"),
               Catch::Contains("points[0].reach.by_category.Safe Spaces: expected a radius in "
                               "metres above 0 and at most 50000, got -1"));
    CHECK_THAT(message("service", R"({"default_m": 60000})"), Catch::Contains("got 60000"));
    CHECK_THAT(message("service", R"({"default_m": 100, "by_category": {"A": "1 km"}})"),
               Catch::Contains("points[0].reach.by_category.A: expected a number"));
    CHECK_THAT(message("service", "1500"),
               Catch::Contains("points[0].reach: expected a JSON object"));
}
