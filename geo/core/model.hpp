#pragma once
/// The records snamap stores: datasets, area sets, areas, indicators, values and points.

#include "geo/core/geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sna::geo {

/// A published source with what its licence requires us to show.
struct Dataset {
    std::string id;
    std::string title;
    std::string publisher;
    std::string licence;
    std::string attribution;
    std::string url;
    std::string period;
    /// Small-number suppression in public output: counts (and rates, proportions and intervals
    /// built on them) above 0 and below this are withheld. 0 switches suppression off.
    double suppress_below = 5;
    std::string suppression_note;  ///< why the threshold differs from the default, if it does
};

/// Where an area set sits in the hierarchy; the server's behaviour (borough comparators, search
/// order, tile zooms, report wording) follows the level, never the set's id.
enum class AreaLevel { region, local_authority, ward, small_area, other };

/// "region", "local_authority", "ward", "small_area" or "other"; nullopt for anything else.
std::optional<AreaLevel> area_level_from_text(const std::string& text);
const char* to_text(AreaLevel level);
/// Coarsest first: region 0 … other 4.
int coarseness_rank(AreaLevel level);

/// A geography vintage, e.g. lsoa11, lsoa21, ward22, lad, pfa.
struct AreaSet {
    std::string id;
    std::string title;
    std::string dataset_id;
    std::string source_file;
    AreaLevel level = AreaLevel::other;
    std::string noun;         ///< what one area is called in prose, e.g. "borough", "LSOA"
    std::string plural_noun;  ///< e.g. "boroughs", "LSOAs"
};

/// The manifest's noun, or a default from the level ("local authority", "ward", "small area").
std::string default_noun(AreaLevel level);

struct Area {
    std::string set_id;
    std::string code;
    std::string name;
    MultiPolygon geometry;  ///< EPSG:4326 lon/lat
    double area_m2 = 0;     ///< computed in EPSG:27700 (or the configured equal-area CRS)
    std::optional<double> population;
};

enum class Polarity { higher_is_worse, higher_is_better, neutral };

std::string to_string(Polarity polarity);
/// @throws InvalidInput for anything but the three names.
Polarity polarity_from_string(const std::string& text);

struct Indicator {
    std::string id;
    std::string title;
    std::string description;
    std::string theme;
    std::string unit;
    Polarity polarity = Polarity::neutral;
    std::string period;
    std::string set_id;  ///< the geography it was published for
    std::string dataset_id;
    std::string source_file;
    std::string source_column;
    std::string method;
    std::string denominator;
    std::string value_kind;  ///< score, rank, decile, rate, count, proportion, percentage
    double multiplier =
        1;  ///< value = multiplier × numerator / denominator (e.g. 1000 for per 1,000)
    /// What the numerator counts, which picks the interval family (methods §1–2): "events"
    /// (exclusions, crimes: Byar / exact Poisson), "people" (pupils with one or more, households:
    /// Wilson), "areas" (LSOAs in a decile: no interval); empty = by value_kind.
    std::string counts;
    /// How areas pool into a parent (methods §5): "sum", "ratio_of_sums", "weighted_mean" or
    /// "none"; empty = by value_kind.
    std::string pooling;
};

/// The metadata fields a catalogue entry must not leave empty ("description", "method",
/// "source_column"), in that order; empty when the indicator is complete.
std::vector<std::string> missing_metadata(const Indicator& indicator);

struct IndicatorValue {
    std::string indicator_id;
    std::string set_id;
    std::string area_code;
    std::string period;
    std::optional<double> value;
    std::optional<double> numerator;
    std::optional<double> denominator;
    std::optional<std::int64_t> national_rank;
    std::optional<std::int64_t> national_decile;
    std::string flag;  ///< e.g. "incomplete_month"
};

/// The England code ONS uses (E92000001): the default national comparator.
constexpr const char* england_code = "E92000001";

/// An indicator's national (England) value for one period, or the reason there is none.
/// A row with no value and an empty period is a note that applies to every period.
struct NationalValue {
    std::string indicator_id;
    std::string period;
    std::string area_code = england_code;
    std::string area_name = "England";
    std::optional<double> value;  ///< as published
    std::optional<double> numerator;
    std::optional<double> denominator;
    std::string source;  ///< file and the rows it came from, or "manifest"
    std::string note;    ///< how it was obtained, or why there is no value
};

struct PointRecord {
    std::string layer;
    std::string kind;  ///< incident, school, service
    std::string source_id;
    std::string name;
    std::string category;
    std::string period;
    std::string attributes_json;
    std::int64_t source_row = 0;
    Point location;  ///< EPSG:4326
    bool approximate = false;
};

/// A postcode from a postcode directory (ONSPD): where it is and the areas it lies in.
struct StoredPostcode {
    std::string postcode;  ///< normalised, "B19 1AA"
    std::string dataset_id;
    double lon = 0;
    double lat = 0;
    std::vector<std::pair<std::string, std::string>> areas;  ///< set id → area code
};

}  // namespace sna::geo
