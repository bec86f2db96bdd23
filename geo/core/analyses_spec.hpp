#pragma once
/// Settings of the analyses a database offers, from the build manifest's `analyses` object
/// (docs/manifest.md), stored as JSON in the database's meta table under "analyses".

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// `analyses.priority_schools`: which indicators describe a school's surroundings and which of
/// its attributes give its own rates (geo/analysis/priority_schools.hpp).
struct PrioritySchoolsSpec {
    std::string area_set;  ///< the areas whose indicators surround a school
    std::string schools;   ///< point layer id of the schools
    std::string default_phase = "secondary";
    struct Surrounding {
        std::string indicator;
        std::string label;  ///< how the component is described to users
    };
    std::vector<Surrounding> surroundings;
    std::string pupils;  ///< attribute holding the rates' denominator (headcount)
    struct SchoolRate {
        std::string key;    ///< output key, e.g. suspension_rate
        std::string count;  ///< attribute holding the numerator
        std::string label;
        /// What the count counts: "people" (pupils with one or more: Wilson interval) or
        /// "events" (exclusions: Byar / exact Poisson), as Fingertips does.
        std::string counts = "people";
        std::string counts_description;  ///< e.g. "pupils with one or more suspensions"
    };
    std::vector<SchoolRate> school_rates;
    std::string unit;     ///< e.g. "% of pupils, 2018/19"
    std::string caveats;  ///< shown with every answer
};

/// `analyses.report`: what an area's evidence pack leads with.
struct ReportSpec {
    /// Indicator ids of the pack's headline table, in order (those the area has); empty = the
    /// composite preset.
    std::vector<std::string> headline;
    std::string trend;        ///< indicator id of the monthly series the pack charts; "" = none
    std::string trend_title;  ///< e.g. "Violence and sexual offences recorded by police, per month"
    std::string trend_note;   ///< caveats printed under the chart
};

/// A service layer's reach (the manifest's `points[].reach`): how far from its location a
/// service is taken to serve, in metres, by default and per category (geo/analysis/service_gaps).
struct ServiceReach {
    double default_m = 0;
    std::map<std::string, double> by_category;
    /// The radius of a service of `category`: its own, else the default.
    double radius_for(const std::string& category) const {
        const auto it = by_category.find(category);
        return it == by_category.end() ? default_m : it->second;
    }
};

/// `analyses`: settings of the analyses the server offers on this data.
struct AnalysesSpec {
    ReportSpec report;
    /// Indicator ids of the default composite ("VRU risk" preset), weight 1 each; ids not
    /// published for the requested set are left out.
    std::vector<std::string> composite_preset;
    std::optional<PrioritySchoolsSpec> priority_schools;
    /// Point layer id → reach, for the service layers that declare one.
    std::map<std::string, ServiceReach> service_reach;
};

}  // namespace sna::geo
