#include "server/views/composite_view.hpp"

#include "geo/analysis/composite.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/index/data_lookups.hpp"
#include "server/views/area_json.hpp"
#include "server/views/json_text.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>

namespace sna::server {

using nlohmann::json;

namespace {

/// "imd25_score:1,crime_robbery_rate:2" → pairs, weights checked to be within 0–2.
std::vector<std::pair<std::string, double>> parse_weights(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item(geo::trim(text.substr(start, comma - start)));
        start = comma + 1;
        if (item.empty()) continue;
        const auto colon = item.find(':');
        double weight = 1;
        if (colon != std::string::npos) {
            try {
                weight = number_or_nullopt(item.substr(colon + 1)).value_or(-1);
            } catch (const std::invalid_argument&) {
                weight = -1;
            }
        }
        if (weight < 0 || weight > 2) {
            throw geo::InvalidInput("weight of '" + item.substr(0, colon) +
                                    "' must be a number from 0 to 2");
        }
        out.emplace_back(item.substr(0, colon), weight);
    }
    return out;
}

}  // namespace

std::vector<std::pair<std::string, double>> vru_risk_preset(const DataIndex& data,
                                                            const std::string& set) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& id : data.analyses().composite_preset) {
        const geo::Indicator* i = data.indicator(id);
        if (i && i->set_id == set) out.emplace_back(id, 1.0);
    }
    return out;
}

std::string default_composite_set(const DataIndex& data) {
    for (const auto& id : data.analyses().composite_preset) {
        if (const geo::Indicator* i = data.indicator(id)) return i->set_id;
    }
    return data.area_sets().empty() ? std::string() : data.area_sets().front().first.id;
}

namespace {

const std::vector<std::string> composite_members = {"set",          "indicators", "transform",
                                                    "draws",        "seed",       "method",
                                                    "data_version", "values",     "by_feature_id"};

/// A request checked against the data: the set, the indicators with their weights in request
/// order, the options.
struct CompositeRequest {
    std::string set;
    std::vector<const geo::Indicator*> indicators;
    std::vector<double> weights;
    std::string transform;
    geo::CompositeOptions options;
};

CompositeRequest parse_composite(const DataIndex& data, const Query& query) {
    CompositeRequest r;
    r.set = query.get_or("set", default_composite_set(data));
    if (!data.has_set(r.set)) throw geo::NotFound("no area set '" + r.set + "'");
    const auto weights = query.get("indicators") ? parse_weights(*query.get("indicators"))
                                                 : vru_risk_preset(data, r.set);
    if (weights.empty()) throw geo::InvalidInput("no indicators: give indicators=id:weight,...");
    for (const auto& [id, weight] : weights) {
        const geo::Indicator& i = indicator_on_set(data, id, r.set);
        if (i.polarity == geo::Polarity::neutral)
            throw geo::InvalidInput("indicator '" + id + "' has no polarity");
        r.indicators.push_back(&i);
        r.weights.push_back(weight);
    }
    r.transform = query.get_or("transform", "z_score");
    r.options.transform = r.transform == "exponential_rank"
                              ? geo::CompositeTransform::exponential_rank
                              : geo::CompositeTransform::z_score;
    r.options.stability_draws = static_cast<std::size_t>(query.integer("draws", 200, 0, 1000));
    r.options.seed = static_cast<std::uint64_t>(query.integer("seed", 20190926, 0, 1LL << 62));
    return r;
}

/// The same text for requests with the same result: weights as exact doubles, in request order
/// (the order decides which random draw perturbs which weight).
std::string normalised_key(const CompositeRequest& r) {
    std::string key = r.set + "\n" + std::to_string(static_cast<int>(r.options.transform)) + "\n" +
                      std::to_string(r.options.stability_draws) + "\n" +
                      std::to_string(r.options.seed) + "\n";
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        char weight[32];
        std::snprintf(weight, sizeof weight, "%.17g", r.weights[k]);
        key += r.indicators[k]->id + ":" + weight + ",";
    }
    return key;
}

/// Threads for the rank-stability draws: one below about two million area-draws (the West
/// Midlands' LSOAs × 200 draws are 0.34 million: a thread would cost more than it saves), else
/// one per core up to four — the bound on what one composite request may occupy.
std::size_t stability_threads(std::size_t areas, std::size_t draws) {
    constexpr std::size_t parallel_from = 2'000'000, most = 4;
    if (areas * draws < parallel_from) return 1;
    return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, most);
}

geo::CompositeResult compute_composite(const DataIndex& data, const CompositeRequest& r,
                                       const AnalysisMemo* memo) {
    std::vector<geo::CompositeColumn> own;
    own.reserve(r.indicators.size());
    std::vector<const geo::CompositeColumn*> columns;
    for (const geo::Indicator* i : r.indicators) {
        const geo::CompositeColumn* c =
            memo ? memo->composite_column(i->id, r.options.transform) : nullptr;
        if (!c) {
            own.push_back(geo::composite_column(column_of(data, i->id, data.areas_in_set(r.set)),
                                                i->polarity, r.options.transform));
            c = &own.back();
        }
        columns.push_back(c);
    }
    geo::CompositeResult result = geo::composite_of_columns(columns, r.weights);
    geo::CompositeOptions options = r.options;
    options.threads = stability_threads(result.scores.size(), options.stability_draws);
    result.stability = geo::composite_rank_stability(columns, r.weights, options);
    return result;
}

json composite_summary(const DataIndex& data, const CompositeRequest& r) {
    json used = json::array();
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        const geo::Indicator& i = *r.indicators[k];
        used.push_back({{"id", i.id},
                        {"title", i.title},
                        {"weight", r.weights[k]},
                        {"polarity", to_string(i.polarity)},
                        {"period", data.default_period(i.id)}});
    }
    return {{"set", r.set},
            {"indicators", used},
            {"transform", r.transform},
            {"draws", r.options.stability_draws},
            {"seed", r.options.seed},
            {"method",
             "Each indicator put on a common scale and direction (worse = higher), "
             "weighted, summed and ranked (1 = highest risk). Rank stability: 5th-95th "
             "percentile of the rank when every weight is perturbed by U(-0.5, +0.5)."},
            {"data_version", data.data_version()}};
}

/// {"decile":…,"missing":…,"rank":…,"rank_p05":…,"rank_p95":…,"score":…}: dump()'s key order.
void append_area(std::string& out, const geo::CompositeResult& result, std::size_t a) {
    out += "{\"decile\":";
    if (result.deciles[a])
        json_text::append_integer(out, *result.deciles[a]);
    else
        out += "null";
    out += ",\"missing\":";
    json_text::append_integer(out, static_cast<std::int64_t>(result.missing[a]));
    out += ",\"rank\":";
    json_text::append_integer(out, result.ranks[a]);
    if (!result.stability.empty()) {
        out += ",\"rank_p05\":";
        json_text::append_integer(out, result.stability[a].p05);
        out += ",\"rank_p95\":";
        json_text::append_integer(out, result.stability[a].p95);
    }
    out += ",\"score\":";
    json_text::append_number(out, result.scores[a]);
    out += '}';
}

}  // namespace

std::string composite_body(const DataIndex& data, const Query& query, const AnalysisMemo* memo) {
    const CompositeRequest r = parse_composite(data, query);
    const AnswerShape shape = parse_answer_shape(query, composite_members);
    const auto make = [&] { return compute_composite(data, r, memo); };
    const auto result = memo ? memo->composite(normalised_key(r), make)
                             : std::make_shared<const geo::CompositeResult>(make());
    const SetOrder own_order = memo ? SetOrder{} : make_set_order(data, r.set);
    const SetOrder& order = memo ? memo->set_order(r.set) : own_order;
    const auto& areas = data.areas_in_set(r.set);
    json small = composite_summary(data, r);
    for (const auto& member : composite_members)
        if (!shape.wants(member)) small.erase(member);
    std::vector<json_text::RawMember> large;
    if (shape.format == 2) small["format"] = 2;
    if (shape.format == 2 && shape.wants("by_feature_id"))
        small["feature_id_base"] = order.fid_base;
    if (shape.wants("values")) {
        large.emplace_back("values",
                           values_by_code(areas, order, [&](std::size_t a, std::string& out) {
                               append_area(out, *result, a);
                               return true;
                           }));
    }
    if (shape.wants("by_feature_id")) {
        large.emplace_back(
            "by_feature_id",
            values_by_feature_id(areas, order, shape.format, [&](std::size_t a, std::string& out) {
                json_text::append_number(out, result->scores[a]);
                return true;
            }));
    }
    return json_text::merge_object(small, std::move(large));
}

CompositeScoring composite_scoring(const DataIndex& data, const Query& query,
                                   const AnalysisMemo* memo) {
    CompositeRequest r = parse_composite(data, query);
    r.options.stability_draws = 0;
    const auto make = [&] { return compute_composite(data, r, memo); };
    const auto result = memo ? memo->composite(normalised_key(r), make)
                             : std::make_shared<const geo::CompositeResult>(make());
    CompositeScoring out{r.set, result->scores, {}, composite_summary(data, r)};
    for (const geo::Indicator* i : r.indicators) out.indicator_ids.push_back(i->id);
    for (const char* member : {"draws", "seed", "data_version"}) out.summary.erase(member);
    return out;
}

nlohmann::json composite_json(const DataIndex& data, const Query& query) {
    return json::parse(composite_body(data, query, nullptr));
}

}  // namespace sna::server
