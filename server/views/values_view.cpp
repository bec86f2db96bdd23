#include "server/views/values_view.hpp"

#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

const std::vector<std::string>& values_members() {
    static const std::vector<std::string> members = {
        "indicator", "set",          "period",      "periods", "unit",
        "polarity",  "data_version", "suppression", "values",  "by_feature_id"};
    return members;
}

namespace {

/// Format 2's by_feature_id: an array from the set's smallest feature id, null where none.
void to_feature_id_array(json& document, const std::vector<const AreaEntry*>& areas) {
    std::int64_t low = 0, high = -1;
    for (const AreaEntry* a : areas) {
        low = high < low ? a->fid : std::min(low, a->fid);
        high = std::max(high, a->fid);
    }
    json slots = json::array();
    for (std::int64_t fid = low; fid <= high; ++fid) slots.push_back(nullptr);
    for (const auto& [fid, value] : document["by_feature_id"].items())
        slots[static_cast<std::size_t>(std::stoll(fid) - low)] = value;
    document["by_feature_id"] = slots;
    document["feature_id_base"] = low;
    document["format"] = 2;
}

json values_document(const DataIndex& data, const geo::Indicator& indicator,
                     const std::string& period) {
    json values = json::object();
    json by_fid = json::object();
    std::size_t suppressed = 0;
    for (const AreaEntry* a : data.areas_in_set(indicator.set_id)) {
        const std::optional<ValueEntry> v = data.value(indicator.id, a->code, period);
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

}  // namespace

json indicator_values_json(const DataIndex& data, const geo::Indicator& indicator,
                           const std::string& period, const AnswerShape& shape) {
    json document = values_document(data, indicator, period);
    if (shape.format == 2) to_feature_id_array(document, data.areas_in_set(indicator.set_id));
    for (const auto& member : values_members())
        if (!shape.wants(member)) document.erase(member);
    if (!shape.wants("by_feature_id")) document.erase("feature_id_base");
    return document;
}

}  // namespace sna::server
