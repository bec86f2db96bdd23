#pragma once
/// JSON shapes shared by the API handlers (one place, so every route shows the same fields).

#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

nlohmann::json indicator_json(const DataIndex& data, const geo::Indicator& indicator);
nlohmann::json datasets_json(const DataIndex& data);
/// Citation of one dataset: publisher, title, period, licence, attribution, data version.
nlohmann::json citation_json(const DataIndex& data, const std::string& dataset_id);
/// {"v": value, "r": national rank, "d": national decile, "f": flag} with absent fields omitted.
nlohmann::json compact_value_json(const ValueEntry& value);
nlohmann::json area_summary_json(const DataIndex& data, const AreaEntry& area);
nlohmann::json area_json(const DataIndex& data, const AreaEntry& area);
/// The England comparator: {"code", "name", "value", "published_value", "numerator",
/// "denominator", "source", "note"}, or {"code", "name", "value": null, "reason"} when the
/// sources have no national value.
nlohmann::json national_json(const DataIndex& data, const geo::Indicator& indicator,
                             const std::string& period);
/// Rewrites every whole floating-point number (a count, a rank, 557.0) as an integer, so it is
/// written at the precision it carries ("557", not "557.0"); the numbers are unchanged.
void write_whole_numbers_as_integers(nlohmann::json& document);
/// An indicator's value for some area: id, title, unit, kind, period, value and its parts, the
/// dataset; a suppressed value withheld with the reason.
nlohmann::json indicator_value_json(const DataIndex& data, const geo::Indicator& indicator,
                                    const ValueEntry& value);
/// A value with the borough, region and England comparators beside it.
nlohmann::json area_value_json(const DataIndex& data, const geo::Indicator& indicator,
                               const AreaEntry& area, const ValueEntry& value);

}  // namespace sna::server
