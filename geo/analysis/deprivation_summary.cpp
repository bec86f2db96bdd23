#include "geo/analysis/deprivation_summary.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <string>

namespace sna::geo {

double mhclg_average_rank_of(std::int64_t published_rank, std::int64_t national_lsoas) {
    return static_cast<double>(national_lsoas + 1 - published_rank);
}

double extent_weight(std::int64_t published_rank, std::int64_t national_lsoas) {
    const double share = static_cast<double>(published_rank) / static_cast<double>(national_lsoas);
    if (share <= 0.1) return 1.0;
    if (share >= 0.3) return 0.0;
    return (0.3 - share) / 0.2;
}

namespace {

/// The population-weighted mean rank of the most deprived LSOAs holding 10 % of the population.
double local_concentration(std::vector<LsoaDeprivation> lsoas, double population,
                           std::int64_t national_lsoas) {
    std::sort(lsoas.begin(), lsoas.end(),
              [](const LsoaDeprivation& a, const LsoaDeprivation& b) { return a.rank < b.rank; });
    const double target = 0.1 * population;
    double taken = 0, sum = 0;
    for (const auto& l : lsoas) {
        const double part = std::min(l.population, target - taken);
        if (part <= 0) break;
        sum += part * mhclg_average_rank_of(l.rank, national_lsoas);
        taken += part;
    }
    return taken > 0 ? sum / taken : 0;
}

bool in_most_deprived_decile(const LsoaDeprivation& l, std::int64_t national_lsoas) {
    if (l.decile) return *l.decile == 1;
    return l.rank * 10 <= national_lsoas;
}

}  // namespace

DeprivationSummary summarise_deprivation(const std::vector<LsoaDeprivation>& lsoas,
                                         std::int64_t national_lsoas) {
    DeprivationSummary s;
    for (const auto& l : lsoas) {
        if (l.rank < 1 || l.rank > national_lsoas)
            throw InvalidInput("national rank " + std::to_string(l.rank) + " is outside 1.." +
                               std::to_string(national_lsoas));
        if (!(l.population >= 0))
            throw InvalidInput("an LSOA population is negative or not a number");
        s.population += l.population;
        s.score_sum += l.population * l.score;
        s.rank_sum += l.population * mhclg_average_rank_of(l.rank, national_lsoas);
        s.extent_sum += l.population * extent_weight(l.rank, national_lsoas);
        s.lsoas_in_most_deprived_decile += in_most_deprived_decile(l, national_lsoas) ? 1 : 0;
    }
    if (!(s.population > 0)) throw InvalidInput("no LSOA with a population to weight by");
    s.lsoas = lsoas.size();
    s.average_score = s.score_sum / s.population;
    s.average_rank = s.rank_sum / s.population;
    s.extent = s.extent_sum / s.population;
    s.local_concentration = local_concentration(lsoas, s.population, national_lsoas);
    s.proportion_in_most_deprived_decile =
        static_cast<double>(s.lsoas_in_most_deprived_decile) / static_cast<double>(s.lsoas);
    return s;
}

}  // namespace sna::geo
