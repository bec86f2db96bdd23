#pragma once
/// The build manifest: which source files make a database and what each column means.
/// Format documented in docs/manifest.md.

#include "geo/core/access.hpp"
#include "geo/core/analyses_spec.hpp"
#include "geo/core/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// A manifest `filter`: column → the cell values kept (`{"column": "value"}` or `[values]`).
using RowFilterSpec = std::map<std::string, std::vector<std::string>>;

/// A polygon source that becomes one area set.
struct AreaSetSource {
    AreaSet set;
    std::string path;   ///< relative to --sources
    std::string layer;  ///< GDAL layer name; empty = first layer
    std::string code_field;
    std::string name_field;
    std::string crs;  ///< declared CRS when the file has none, e.g. "EPSG:27700"
};

/// One link a lookup file provides, e.g. LSOA21CD → WD22CD.
struct LookupLink {
    std::string from_set;
    std::string from_column;
    std::string to_set;
    std::string to_column;
    std::string relation;  ///< "parent" (fills area_parents) or "equivalent"
};

struct LookupSource {
    std::string path;
    std::string layer;
    std::string unknown_codes = "error";  ///< "skip": rows naming areas outside the region
    std::vector<LookupLink> links;
};

/// Where an indicator's England (national) comparator comes from: rows of the same file
/// (`filter`), a value declared in the manifest with its justification (`value` + `note`), or a
/// statement that there is none (`unavailable` = the reason, shown to users).
struct NationalSpec {
    RowFilterSpec filter;  ///< rows of the table holding national values
    std::string code = england_code;
    std::string name = "England";
    std::optional<double> value;  ///< declared, e.g. 0.1 "by definition of the national decile"
    std::string note;             ///< how the value is known, or why there is none
    bool unavailable = false;

    bool empty() const { return filter.empty() && !value && !unavailable; }
};

/// How a table column becomes an indicator.
struct IndicatorColumn {
    Indicator indicator;  ///< set_id, dataset_id, source_file filled from the table
    std::string column;
    std::string rank_column;
    std::string decile_column;
    std::string numerator_column;
    std::string denominator_column;
    /// The denominator is this column summed over every row of the area, before `filter` (e.g.
    /// Census TS011: households = the counts of all five deprivation-dimension rows).
    std::string denominator_total_column;
    double scale = 1.0;     ///< multiply source values, e.g. 0.01 for percent → proportion
    NationalSpec national;  ///< overrides the table's for this indicator
};

/// A table of values joined to areas by code (or by name).
struct TableSource {
    std::string path;
    std::string layer;  ///< sheet for XLSX
    std::string set_id;
    std::string dataset_id;
    std::string code_column;
    bool match_by_name = false;               ///< code_column holds area names, matched exactly
    std::string unknown_codes = "error";      ///< "error" or "skip" (counted in the report)
    RowFilterSpec filter;                     ///< rows kept (row_filter.hpp)
    std::string period_column;                ///< values per period (long format)
    std::string population_column;            ///< also sets areas.population
    std::vector<std::string> missing_values;  ///< cell texts meaning "no value", e.g. "x", ".."
    NationalSpec national;                    ///< England values for every indicator
    std::vector<IndicatorColumn> indicators;
};

/// Per-area counts of a point layer's points by category (and rates per resident), made from
/// the spatial join at build time.
struct PointAreaCounts {
    std::string set_id;            ///< the area set counted into, e.g. lsoa11
    std::string indicator_prefix;  ///< ids: <prefix>_<category slug>, <prefix>_all, …_rate
    std::string theme;
    Polarity polarity = Polarity::higher_is_worse;
    double rate_per = 1000;            ///< rates per this many residents; 0 = counts only
    std::string national_unavailable;  ///< why there is no England value (shown to users)
};

/// Where a point's location comes from.
struct PointSource {
    std::string id;
    std::string title;
    std::string kind;  ///< incident, school, service
    std::string dataset_id;
    std::string path;
    std::string layer;
    std::string x_column;  ///< CSV: lon or easting
    std::string y_column;  ///< CSV: lat or northing
    std::string crs = "EPSG:4326";
    std::string id_column;
    std::string name_column;
    std::string category_column;
    std::string period_column;
    std::string period;                   ///< fixed period when no column
    std::vector<std::string> attributes;  ///< columns kept as JSON attributes; ["*"] = all
    std::string own_area_set;             ///< the source's own area code, to check the spatial join
    std::string own_area_column;
    double own_area_tolerance_m = 0;  ///< also count as consistent when within this distance
    std::string locate_by_set;  ///< no coordinates: place at the named area's point-on-surface
    std::string locate_by_column;
    std::string locate_fallback_set;  ///< when locate_by finds nothing: match this set by name
    std::string locate_fallback_column;
    std::optional<PointAreaCounts> area_counts;
    /// Attributes that count people or events (e.g. a school's permanent exclusions): withheld
    /// from public output under the dataset's small-number rule.
    std::vector<std::string> count_attributes;
    RowFilterSpec filter;  ///< rows kept, applied before coordinates are read
    /// A row whose x and y cells are both empty: an error (the default), or skipped, counted and
    /// listed in the build report ("skip").
    bool skip_missing_coordinates = false;
};

/// A long table of counts (area × month × category) pivoted into indicators.
struct SeriesSource {
    std::string id;
    std::string title;
    std::string dataset_id;
    std::vector<std::string> paths;
    std::string set_id;
    std::string code_column;
    std::string category_column;
    std::string year_column;
    std::string month_column;
    std::string count_column;
    std::string theme;
    std::string indicator_prefix;
    Polarity polarity = Polarity::higher_is_worse;
    std::string group_set;  ///< completeness checked per group (e.g. borough); empty = whole
    double completeness_threshold = 0.8;  ///< a month below this share of the median is flagged
    int rate_window_months = 0;           ///< 0: no rates; 12: rolling 12-month rates
    double rate_multiplier = 1000;        ///< per 1,000 residents
    std::vector<std::string> rate_categories;  ///< categories given rates; empty = all
    std::string national_unavailable;          ///< why there is no England value (shown to users)
};

/// The analyses settings as the JSON stored in the database's meta table (key "analyses").
std::string analyses_json(const AnalysesSpec& spec);
/// MHCLG's local-authority summary measures computed from LSOA values at build time
/// (geo/analysis/deprivation_summary.hpp): indicators `<id_prefix>_average_score`,
/// `_average_rank`, `_extent`, `_local_concentration` and `_proportion_most_deprived_10`.
struct DeprivationSummarySource {
    std::string id_prefix;
    std::string title;  ///< e.g. "IMD 2025"
    std::string dataset_id;
    std::string set_id;               ///< the LSOA set
    std::string parent_set;           ///< e.g. "lad"
    std::string score;                ///< indicator id of the LSOA score
    std::string rank;                 ///< indicator id whose national_rank (or value) is the rank
    std::string population;           ///< indicator id of the population weights
    std::string population_note;      ///< what the weights are, shown in every method
    std::int64_t national_areas = 0;  ///< LSOAs in England (32,844 in 2011; 33,755 in 2021)
    std::string period;
};

/// A postcode directory in the ONS Postcode Directory (ONSPD) CSV layout: each postcode's
/// location and the areas it lies in, for searching by postcode (docs/manifest.md).
struct PostcodeSource {
    std::string dataset_id;
    std::vector<std::string> paths;        ///< one file, or ONSPD's multi_csv files per area
    std::string postcode_column = "pcds";  ///< "B19 1AA"
    std::string latitude_column = "lat";   ///< WGS84; ONSPD writes 99.999999 for no grid ref
    std::string longitude_column = "long";
    std::string terminated_column;  ///< e.g. "doterm": rows with a date here are skipped
    std::vector<std::pair<std::string, std::string>> areas;  ///< set id → column, e.g. lsoa21
};

struct Manifest {
    std::string name;
    std::string description;
    std::string equal_area_crs = "EPSG:27700";
    /// Folders outside --sources that source files may also come from (relative to --sources, or
    /// absolute). Empty: every source must resolve, symlinks followed, to a place inside
    /// --sources ("manifest:" paths: inside the manifest's folder).
    std::vector<std::string> source_roots;
    std::vector<Dataset> datasets;
    std::vector<AreaSetSource> area_sets;
    std::vector<LookupSource> lookups;
    std::vector<TableSource> tables;
    std::vector<PointSource> points;
    std::vector<SeriesSource> series;
    AnalysesSpec analyses;
    std::vector<DeprivationSummarySource> deprivation_summaries;
    std::optional<PostcodeSource> postcodes;
    AccessRules access;  ///< datasets', indicators', point layers' and attributes' `access`
};

/// Parses and validates a manifest. Unknown keys are errors that suggest the nearest valid key.
/// @throws DataError naming the manifest file and the JSON path of the problem.
Manifest parse_manifest(const std::string& json_text, const std::string& file_name);
Manifest load_manifest(const std::string& path);

/// Where a manifest path points: "manifest:x/y.csv" is relative to the manifest's folder (for
/// small tables committed with the project), anything else relative to the sources folder.
std::string resolve_source(const std::string& path, const std::string& sources_dir,
                           const std::string& manifest_path);

/// Every source path the manifest names, in order, for hashing into the data version.
std::vector<std::string> source_paths(const Manifest& manifest);

}  // namespace sna::geo
