#include "server/views/hotspots_view.hpp"

#include "geo/core/errors.hpp"
#include "server/index/data_lookups.hpp"
#include "server/views/area_json.hpp"
#include "server/views/json_text.hpp"

#include <map>
#include <memory>

namespace sna::server {

using nlohmann::json;

namespace {

const std::vector<std::string> hotspot_members = {
    "indicator", "set", "period", "counts", "method", "data_version", "values", "by_feature_id"};

/// The Gi* of area k (position in the set's areas), or nullptr.
const geo::GiStar* gi_of(const GiResults& gi, const SetOrder& order, std::size_t k) {
    const std::uint32_t at = order.to_analysis[k];
    return at == SetOrder::no_position || !gi[at] ? nullptr : &*gi[at];
}

/// {"bin":…,"class":…,"p":…,"z":…}: dump()'s key order.
void append_area(std::string& out, const geo::GiStar& g) {
    out += "{\"bin\":";
    json_text::append_integer(out, geo::gi_bin(g.hotspot));
    out += ",\"class\":\"" + geo::to_string(g.hotspot) + "\",\"p\":";
    json_text::append_number(out, g.p);
    out += ",\"z\":";
    json_text::append_number(out, g.z);
    out += '}';
}

}  // namespace

std::string hotspots_body(const DataIndex& data, const AnalysisIndex& analysis,
                          const AnalysisMemo* memo, const Query& query) {
    const std::string id = query.require("indicator");
    const geo::Indicator* i = data.indicator(id);
    if (!i) throw geo::NotFound("no indicator '" + id + "'");
    const std::string set = query.get_or("set", i->set_id);
    indicator_on_set(data, id, set);
    const std::string period = query.get_or("period", data.default_period(id));
    const AnswerShape shape = parse_answer_shape(query, hotspot_members);
    const auto gi =
        memo ? memo->hotspots(id, set, period)
             : std::make_shared<const GiResults>(compute_hotspots(data, analysis, id, set, period));
    const SetOrder own_order = memo ? SetOrder{} : make_set_order(data, set, &analysis);
    const SetOrder& order = memo ? memo->set_order(set) : own_order;
    const auto& areas = data.areas_in_set(set);
    std::map<std::string, int> counts;
    for (const auto& g : *gi)
        if (g) ++counts[geo::to_string(g->hotspot)];
    json small = {{"indicator", id},
                  {"set", set},
                  {"period", period},
                  {"counts", counts},
                  {"method",
                   "Getis-Ord Gi* with binary rook contiguity (areas sharing part of a boundary, "
                   "the area itself included); two-sided p from the normal distribution; "
                   "classes at 90/95/99 %."},
                  {"data_version", data.data_version()}};
    for (const auto& member : hotspot_members)
        if (!shape.wants(member)) small.erase(member);
    if (shape.format == 2) small["format"] = 2;
    if (shape.format == 2 && shape.wants("by_feature_id"))
        small["feature_id_base"] = order.fid_base;
    std::vector<json_text::RawMember> large;
    if (shape.wants("values")) {
        large.emplace_back("values",
                           values_by_code(areas, order, [&](std::size_t k, std::string& out) {
                               const geo::GiStar* g = gi_of(*gi, order, k);
                               if (g) append_area(out, *g);
                               return g != nullptr;
                           }));
    }
    if (shape.wants("by_feature_id")) {
        large.emplace_back(
            "by_feature_id",
            values_by_feature_id(areas, order, shape.format, [&](std::size_t k, std::string& out) {
                const geo::GiStar* g = gi_of(*gi, order, k);
                if (g) json_text::append_integer(out, geo::gi_bin(g->hotspot));
                return g != nullptr;
            }));
    }
    return json_text::merge_object(small, std::move(large));
}

}  // namespace sna::server
