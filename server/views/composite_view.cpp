#include "server/views/composite_view.hpp"

#include "geo/analysis/composite.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/index/data_lookups.hpp"

#include <algorithm>

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

nlohmann::json composite_json(const DataIndex& data, const Query& query) {
    const std::string set = query.get_or("set", default_composite_set(data));
    if (!data.has_set(set)) throw geo::NotFound("no area set '" + set + "'");
    auto weights = query.get("indicators") ? parse_weights(*query.get("indicators"))
                                           : vru_risk_preset(data, set);
    if (weights.empty()) throw geo::InvalidInput("no indicators: give indicators=id:weight,...");
    const auto& areas = data.areas_in_set(set);
    geo::IndicatorMatrix matrix(areas.size());
    std::vector<geo::CompositeIndicator> specs;
    json used = json::array();
    for (const auto& [id, weight] : weights) {
        const geo::Indicator& i = indicator_on_set(data, id, set);
        if (i.polarity == geo::Polarity::neutral)
            throw geo::InvalidInput("indicator '" + id + "' has no polarity");
        const auto column = column_of(data, id, areas);
        for (std::size_t a = 0; a < areas.size(); ++a) matrix[a].push_back(column[a]);
        specs.push_back({i.polarity, weight});
        used.push_back({{"id", id},
                        {"title", i.title},
                        {"weight", weight},
                        {"polarity", to_string(i.polarity)},
                        {"period", data.default_period(id)}});
    }
    geo::CompositeOptions options;
    options.transform = query.get_or("transform", "z_score") == "exponential_rank"
                            ? geo::CompositeTransform::exponential_rank
                            : geo::CompositeTransform::z_score;
    options.stability_draws = static_cast<std::size_t>(query.integer("draws", 200, 0, 1000));
    options.seed = static_cast<std::uint64_t>(query.integer("seed", 20190926, 0, 1LL << 62));
    const auto result = geo::composite_index(matrix, specs, options);
    json values = json::object(), by_fid = json::object();
    for (std::size_t a = 0; a < areas.size(); ++a) {
        json v = {{"score", result.scores[a]},
                  {"rank", result.ranks[a]},
                  {"decile", result.deciles[a] ? json(*result.deciles[a]) : json(nullptr)},
                  {"missing", result.missing[a]}};
        if (!result.stability.empty())
            v["rank_p05"] = result.stability[a].p05, v["rank_p95"] = result.stability[a].p95;
        values[areas[a]->code] = v;
        by_fid[std::to_string(areas[a]->fid)] = result.scores[a];
    }
    return {{"set", set},
            {"indicators", used},
            {"transform", query.get_or("transform", "z_score")},
            {"draws", options.stability_draws},
            {"seed", options.seed},
            {"method",
             "Each indicator put on a common scale and direction (worse = higher), "
             "weighted, summed and ranked (1 = highest risk). Rank stability: 5th-95th "
             "percentile of the rank when every weight is perturbed by U(-0.5, +0.5)."},
            {"data_version", data.data_version()},
            {"values", values},
            {"by_feature_id", by_fid}};
}

}  // namespace sna::server
