#pragma once
/// Inserts build output into a snamap database through prepared statements.

#include "geo/core/model.hpp"
#include "geo/store/database.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sna::geo {

/// One month's completeness verdict for one group (e.g. a borough) of a time series.
struct SeriesMonth {
    std::string series_id;
    std::string period;
    std::string group_set;
    std::string group_code;
    double total = 0;
    double median = 0;
    double ratio = 0;
    bool flagged = false;
};

/// A line of the build report (warnings, unjoined points, timings).
struct ReportLine {
    std::string step;
    std::string kind;  ///< info, warning, unjoined, timing, agreement
    std::string source;
    std::string detail;
    std::optional<double> seconds;
};

class StoreWriter {
public:
    explicit StoreWriter(Database& db);
    /// The database written to, for build steps that read back what earlier steps stored.
    Database& database() { return m_db; }
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    void set_meta(const std::string& key, const std::string& value);
    void add_dataset(const Dataset& dataset);
    void add_area_set(const AreaSet& set);
    /// @throws DataError when (set, code) already exists.
    void add_area(const Area& area);
    void add_parent(const std::string& set_id, const std::string& code,
                    const std::string& parent_set, const std::string& parent_code);
    void add_lookup(const std::string& from_set, const std::string& from_code,
                    const std::string& to_set, const std::string& to_code,
                    const std::string& relation, const std::string& source_file);
    void add_indicator(const Indicator& indicator);
    void add_value(const IndicatorValue& value);
    /// @throws StoreError when (indicator, period) already has a national value.
    void add_national_value(const NationalValue& value);
    /// `count_attributes`: attributes subject to small-number suppression (stored one a line).
    void add_point_layer(const std::string& id, const std::string& title, const std::string& kind,
                         const std::string& dataset_id, const std::string& source_file,
                         const std::vector<std::string>& count_attributes = {});
    /// Code-agreement figures of a point layer whose source names its own area.
    struct OwnCodeCheck {
        std::string set_id;  ///< empty when the source gives no area code
        std::int64_t checked = 0;
        std::int64_t agreeing = 0;
        double tolerance_m = 0;
        std::int64_t within_tolerance = 0;
    };
    void finish_point_layer(const std::string& id, std::int64_t count, const OwnCodeCheck& check);
    std::int64_t add_point(const PointRecord& point);
    /// The area of the point in each set (nullopt: in no area of that set), one statement for
    /// all of them; `areas` holds the same sets, in the same order, for every point of a build.
    void add_point_areas(
        std::int64_t point_fid,
        const std::vector<std::pair<std::string, std::optional<std::string>>>& areas);
    void add_series_month(const SeriesMonth& month);
    void add_report(const ReportLine& line);
    /// A postcode and the areas it lies in (postcodes must be unique).
    void add_postcode(const StoredPostcode& postcode);
    void set_population(const std::string& set_id, const std::string& code, double population);

private:
    struct Statements;
    Database& m_db;
    std::unique_ptr<Statements> m_st;
    std::unique_ptr<Statement> m_point_areas;  ///< for m_point_area_rows rows at once
    std::size_t m_point_area_rows = 0;
};

}  // namespace sna::geo
