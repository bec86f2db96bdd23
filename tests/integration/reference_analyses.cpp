#include "tests/integration/reference_analyses.hpp"

#include "geo/analysis/composite.hpp"
#include "geo/analysis/hotspots.hpp"
#include "geo/analysis/ranking.hpp"
#include "server/index/data_lookups.hpp"
#include "server/views/composite_view.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace sna::test::reference {

using nlohmann::json;

namespace {

using Column = std::vector<std::optional<double>>;
using Matrix = std::vector<std::vector<double>>;

/// Transformed, imputed values: result[i][k] (rows are areas).
Matrix transform_matrix(const geo::IndicatorMatrix& values,
                        const std::vector<geo::CompositeIndicator>& indicators,
                        geo::CompositeTransform transform, std::vector<std::size_t>& missing) {
    Matrix out(values.size(), std::vector<double>(indicators.size(), 0.0));
    missing.assign(values.size(), 0);
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const double sign = indicators[k].polarity == geo::Polarity::higher_is_better ? -1.0 : 1.0;
        Column directed(values.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i][k] && std::isfinite(*values[i][k])) directed[i] = sign * *values[i][k];
        const Column t = transform == geo::CompositeTransform::z_score
                             ? geo::z_scores(directed)
                             : geo::exponential_transform(directed);
        double sum = 0;
        std::size_t present = 0;
        for (const auto& v : t)
            if (v) sum += *v, ++present;
        const double mean = present > 0 ? sum / static_cast<double>(present) : 0.0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            out[i][k] = t[i] ? *t[i] : mean;
            if (!t[i]) ++missing[i];
        }
    }
    return out;
}

std::vector<double> row_scores(const Matrix& transformed, const std::vector<double>& weights) {
    std::vector<double> scores;
    for (const auto& row : transformed) {
        double s = 0;
        for (std::size_t k = 0; k < weights.size(); ++k) s += weights[k] * row[k];
        scores.push_back(s);
    }
    return scores;
}

std::vector<int> sorted_ranks(const std::vector<double>& scores) {
    std::vector<std::pair<double, std::size_t>> order;
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (std::isfinite(scores[i])) order.emplace_back(scores[i], i);
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> out(scores.size(), 0);
    std::size_t start = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (order[k].first != order[start].first) start = k;
        out[order[k].second] = static_cast<int>(start + 1);
    }
    return out;
}

int percentile(std::vector<int>& values, std::size_t percent) {
    const std::size_t position = std::max<std::size_t>(1, (percent * values.size() + 99) / 100);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(position - 1),
                     values.end());
    return values[position - 1];
}

geo::CompositeResult old_composite(const geo::IndicatorMatrix& values,
                                   const std::vector<geo::CompositeIndicator>& indicators,
                                   const geo::CompositeOptions& options) {
    geo::CompositeResult r;
    const Matrix t = transform_matrix(values, indicators, options.transform, r.missing);
    std::vector<double> weights;
    for (const auto& i : indicators) weights.push_back(i.weight);
    r.scores = row_scores(t, weights);
    r.ranks = sorted_ranks(r.scores);
    r.deciles = geo::deciles(Column(r.scores.begin(), r.scores.end()));
    if (options.stability_draws == 0) return r;
    std::vector<std::vector<int>> by_area(values.size());
    std::mt19937_64 engine(options.seed);
    for (std::size_t d = 0; d < options.stability_draws; ++d) {
        std::vector<double> w(weights.size());
        for (std::size_t k = 0; k < w.size(); ++k) {
            const double u = geo::uniform_from_bits(engine());
            w[k] = weights[k] == 0 ? 0 : std::clamp(weights[k] + 0.5 * (2 * u - 1), 0.0, 2.0);
        }
        const auto ranks = sorted_ranks(row_scores(t, w));
        for (std::size_t i = 0; i < ranks.size(); ++i) by_area[i].push_back(ranks[i]);
    }
    for (auto& ranks : by_area) {
        const int p05 = percentile(ranks, 5);
        r.stability.push_back({p05, percentile(ranks, 95)});
    }
    return r;
}

}  // namespace

json composite_json(const server::DataIndex& data, const server::Query& query) {
    const std::string set = query.get_or("set", server::default_composite_set(data));
    std::vector<std::pair<std::string, double>> weights;
    if (const auto text = query.get("indicators")) {
        std::size_t start = 0;  // "id:weight,id:weight" (the test's weights are well formed)
        while (start < text->size()) {
            const std::size_t comma = std::min(text->find(',', start), text->size());
            const std::string item = text->substr(start, comma - start);
            const auto colon = item.find(':');
            weights.emplace_back(item.substr(0, colon), std::stod(item.substr(colon + 1)));
            start = comma + 1;
        }
    } else {
        weights = server::vru_risk_preset(data, set);
    }
    const auto& areas = data.areas_in_set(set);
    geo::IndicatorMatrix matrix(areas.size());
    std::vector<geo::CompositeIndicator> specs;
    json used = json::array();
    for (const auto& [id, weight] : weights) {
        const geo::Indicator& i = *data.indicator(id);
        const auto column = server::column_of(data, id, areas);
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
    const auto result = old_composite(matrix, specs, options);
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

json hotspots_json(const server::DataIndex& data, const server::AnalysisIndex& analysis,
                   const server::Query& query) {
    const std::string id = query.require("indicator");
    const std::string set = query.get_or("set", data.indicator(id)->set_id);
    const auto& codes = analysis.codes(set);
    const std::string period = query.get_or("period", data.default_period(id));
    std::vector<std::optional<double>> values;
    for (const auto& code : codes) {
        const std::optional<server::ValueEntry> v = data.value(id, code, period);
        values.push_back(v ? v->value : std::nullopt);
    }
    const auto gi = geo::gi_star(values, analysis.neighbours(set));
    json out = json::object(), by_fid = json::object();
    std::map<std::string, int> counts;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        if (!gi[k]) continue;
        const std::string cls = geo::to_string(gi[k]->hotspot);
        ++counts[cls];
        out[codes[k]] = {
            {"z", gi[k]->z}, {"p", gi[k]->p}, {"class", cls}, {"bin", geo::gi_bin(gi[k]->hotspot)}};
        if (const server::AreaEntry* a = data.area(set, codes[k]))
            by_fid[std::to_string(a->fid)] = geo::gi_bin(gi[k]->hotspot);
    }
    json doc = {{"values", out}, {"by_feature_id", by_fid}, {"counts", counts}};
    doc["indicator"] = id, doc["set"] = set, doc["period"] = period;
    doc["data_version"] = data.data_version();
    doc["method"] =
        std::string("Getis-Ord Gi* with binary rook contiguity (areas sharing part of ") +
        "a boundary, the area itself included); two-sided p from the normal " +
        "distribution; classes at 90/95/99 %.";
    return doc;
}

}  // namespace sna::test::reference
