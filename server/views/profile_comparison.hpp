#pragma once
/// The parts of a profile entry shared by area and catchment profiles: confidence intervals,
/// significance against a comparator (Fingertips rules) and the comparator objects.

#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace sna::server {

/// A pooled value (a parent's or a catchment's) as a value of `period`, to show like a stored one.
ValueEntry pooled_value(const ComparatorValue& c, const std::string& period);

/// ci95 and ci998 of the value (null where the indicator's kind has no interval).
void add_intervals(nlohmann::json& out, const geo::Indicator& i, const ValueEntry& v);

/// significance_95 / significance_998 of the value against a comparator value named `name`.
void add_significance(nlohmann::json& out, const geo::Indicator& i, const ValueEntry& v,
                      const std::optional<double>& comparator, const std::string& name);

/// A suppressed value is not compared: its interval would disclose the small count.
void mark_not_compared(nlohmann::json& comparator, const std::string& reason);

/// A comparator (borough, region) with its value, method and the significance of `v` against it;
/// a suppressed comparator is withheld and not compared, and a count is never compared with a
/// larger area's total.
nlohmann::json comparison_json(const DataIndex& data, const geo::Indicator& i, const ValueEntry& v,
                               const ComparatorValue& c, const std::string& name);

/// For a suppressed value: no intervals, and none of the entry's comparators compared.
void withhold_intervals(nlohmann::json& out, const std::string& reason);

/// Profile format 2: each dataset's citation once, keyed by the `dataset` ids of `indicators`.
nlohmann::json cited_datasets(const DataIndex& data, const nlohmann::json& indicators);

/// The "methods" notes every profile carries (intervals, significance, comparators).
nlohmann::json profile_method_notes();

}  // namespace sna::server
