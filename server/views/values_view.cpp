#include "server/views/values_view.hpp"

#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

json indicator_values_json(const DataIndex& data, const geo::Indicator& indicator,
                           const std::string& period) {
    json values = json::object();
    json by_fid = json::object();
    std::size_t suppressed = 0;
    for (const AreaEntry* a : data.areas_in_set(indicator.set_id)) {
        const ValueEntry* v = data.value(indicator.id, a->code, period);
        if (!v) continue;
        json compact = compact_value_json(*v);
        if (const auto reason = data.suppressed(indicator, *v)) {
            compact["v"] = nullptr;
            compact["s"] = *reason;
            values[a->code] = compact;
            by_fid[std::to_string(a->fid)] = nullptr;
            ++suppressed;
            continue;
        }
        if (const auto ci = confidence_interval(indicator, *v, 0.95)) {
            compact["lo"] = ci->lower;
            compact["hi"] = ci->upper;
        }
        values[a->code] = compact;
        by_fid[std::to_string(a->fid)] = v->value ? json(*v->value) : json(nullptr);
    }
    return {{"indicator", indicator.id},
            {"set", indicator.set_id},
            {"period", period},
            {"periods", data.periods(indicator.id)},
            {"unit", indicator.unit},
            {"polarity", to_string(indicator.polarity)},
            {"data_version", data.data_version()},
            {"suppression",
             {{"threshold", data.suppression_threshold(indicator)}, {"suppressed", suppressed}}},
            {"values", values},
            {"by_feature_id", by_fid}};
}

}  // namespace sna::server
