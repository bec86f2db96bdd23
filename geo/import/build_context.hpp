#pragma once
/// What every import step shares during one build.

#include "geo/core/progress.hpp"
#include "geo/import/area_registry.hpp"
#include "geo/import/manifest.hpp"
#include "geo/store/store_writer.hpp"

#include "geo/core/errors.hpp"

#include <map>
#include <string>
#include <vector>

namespace sna::geo {

/// Figures for the final summary.
struct BuildSummary {
    std::string data_version;
    std::vector<std::pair<std::string, std::int64_t>> areas_per_set;
    std::int64_t indicators = 0;
    std::int64_t values = 0;
    std::int64_t points = 0;
    std::int64_t points_unjoined = 0;  ///< point × set pairs with no containing area
    std::int64_t geometries_repaired = 0;
    std::int64_t flagged_months = 0;
    std::vector<std::string> flagged_month_labels;
    std::vector<std::pair<std::string, double>> step_seconds;
    std::vector<std::string> warnings;
};

struct BuildContext {
    const Manifest& manifest;
    std::string sources_dir;
    std::string manifest_path;
    StoreWriter& store;
    Progress& progress;
    AreaRegistry areas;
    BuildSummary summary;

    /// Absolute path of a manifest-relative source path.
    std::string resolve(const std::string& relative) const {
        return resolve_source(relative, sources_dir, manifest_path);
    }
    /// Records the indicator and stores it; an id used twice is an error naming both sources.
    void add_indicator(const Indicator& indicator, const std::string& source) {
        const auto [it, inserted] = indicator_sources.emplace(indicator.id, source);
        if (!inserted) {
            throw DataError({source, "", ""}, "indicator id '" + indicator.id +
                                                  "' is already used by " + it->second +
                                                  " (indicator ids must be unique)");
        }
        store.add_indicator(indicator);
        ++summary.indicators;
    }
    std::map<std::string, std::string> indicator_sources;  ///< id → where it was declared
    /// Populations recorded by tables with a population_column: (set, code) → residents.
    std::map<std::pair<std::string, std::string>, double> populations;

    void warn(const std::string& step, const std::string& source, const std::string& detail) {
        store.add_report({step, "warning", source, detail, std::nullopt});
        summary.warnings.push_back(source + ": " + detail);
        progress.note("warning: " + source + ": " + detail);
    }
};

void import_areas(BuildContext& ctx);
void import_lookups(BuildContext& ctx);
void import_tables(BuildContext& ctx);
/// MHCLG's local-authority summaries from the LSOA values the tables stored.
void import_deprivation_summaries(BuildContext& ctx);
void import_points(BuildContext& ctx);
void import_series(BuildContext& ctx);
/// The postcode directory (ONSPD layout), when the manifest names one.
void import_postcodes(BuildContext& ctx);

}  // namespace sna::geo
