#include "geo/analysis/deprivation_summary.hpp"
#include "geo/core/errors.hpp"
#include "geo/import/build_context.hpp"
#include "geo/store/store_reader.hpp"

#include <cstdio>
#include <map>

namespace sna::geo {

namespace {

/// An indicator's value per area code (the first period when several are stored).
std::map<std::string, StoredValue> values_by_code(BuildContext& ctx, const std::string& id,
                                                  const DeprivationSummarySource& d) {
    if (!ctx.indicator_sources.count(id)) {
        throw DataError({ctx.manifest_path, "", "deprivation_summaries." + d.id_prefix},
                        "indicator '" + id + "' is not declared before the summary");
    }
    std::map<std::string, StoredValue> out;
    for (auto& v : read_values(ctx.store.database(), id)) out.emplace(v.area_code, std::move(v));
    return out;
}

/// The LSOAs of each parent area with their score, national rank, decile and population.
std::map<std::string, std::vector<LsoaDeprivation>> lsoas_by_parent(
    BuildContext& ctx, const DeprivationSummarySource& d) {
    const auto scores = values_by_code(ctx, d.score, d);
    const auto ranks = values_by_code(ctx, d.rank, d);
    const auto populations = values_by_code(ctx, d.population, d);
    std::map<std::string, std::vector<LsoaDeprivation>> out;
    const AreaSetIndex& set = ctx.areas.set(d.set_id);
    for (const std::string& code : set.codes) {
        const auto s = scores.find(code);
        const auto r = ranks.find(code);
        const auto p = populations.find(code);
        const auto parent = ctx.areas.parent(d.set_id, code, d.parent_set);
        const auto where = [&](const std::string& what) {
            return DataError({ctx.manifest_path, "", "deprivation_summaries." + d.id_prefix},
                             "LSOA " + code + " has no " + what);
        };
        if (!parent) throw where(d.parent_set + " parent");
        if (s == scores.end() || !s->second.value) throw where(d.score + " value");
        if (r == ranks.end()) throw where(d.rank + " value");
        if (p == populations.end() || !p->second.value) throw where(d.population + " value");
        const auto rank =
            r->second.national_rank
                ? r->second.national_rank
                : (r->second.value
                       ? std::optional<std::int64_t>(static_cast<std::int64_t>(*r->second.value))
                       : std::nullopt);
        if (!rank) throw where("national rank in " + d.rank);
        LsoaDeprivation l;
        l.score = *s->second.value;
        l.rank = *rank;
        l.decile =
            s->second.national_decile ? s->second.national_decile : r->second.national_decile;
        l.population = *p->second.value;
        out[*parent].push_back(l);
    }
    return out;
}

struct Measure {
    const char* suffix;
    const char* title;
    const char* value_kind;
    const char* counts;
    const char* pooling;
    const char* description;
};

// Names as MHCLG's File 10 ("Local Authority District summaries") columns.
constexpr Measure measures[] = {
    {"average_score", "average score", "score", "", "ratio_of_sums",
     "Population-weighted average of the LSOA IMD scores (MHCLG 'Average score'); higher = more "
     "deprived."},
    {"average_rank", "average rank", "score", "", "ratio_of_sums",
     "Population-weighted average of the LSOA ranks with the most deprived LSOA in England given "
     "the highest rank (MHCLG 'Average rank'); a higher average rank = more deprived."},
    {"extent", "extent", "proportion", "none", "ratio_of_sums",
     "Share of the population living in the most deprived 30% of LSOAs in England, weighted 1 in "
     "the most deprived 10% and falling linearly to 0 at 30% (MHCLG 'Extent')."},
    {"local_concentration", "local concentration", "score", "", "none",
     "Population-weighted average rank (most deprived = highest) of the authority's most "
     "deprived LSOAs holding exactly 10% of its population (MHCLG 'Local concentration'); a "
     "higher value = more deprived hot spots."},
    {"proportion_most_deprived_10", "proportion of LSOAs in the most deprived 10% nationally",
     "proportion", "areas", "ratio_of_sums",
     "Share of the authority's LSOAs in national decile 1 (MHCLG 'Proportion of LSOAs in most "
     "deprived 10% nationally')."},
};

Indicator summary_indicator(const BuildContext& ctx, const DeprivationSummarySource& d,
                            const Measure& m) {
    Indicator i;
    i.id = d.id_prefix + "_" + m.suffix;
    i.title = d.title + " " + m.title + " (local authority summary)";
    i.description = m.description;
    i.theme = "Deprivation";
    i.unit = m.value_kind == std::string("proportion") ? "proportion" : "score";
    if (std::string(m.suffix).find("rank") != std::string::npos ||
        std::string(m.suffix) == "local_concentration")
        i.unit = "average rank (most deprived LSOA = " + std::to_string(d.national_areas) + ")";
    i.polarity = Polarity::higher_is_worse;
    i.period = d.period;
    i.set_id = d.parent_set;
    i.dataset_id = d.dataset_id;
    i.source_file = ctx.indicator_sources.at(d.score);
    i.source_column = d.score + ", " + d.rank + " (national rank and decile), " + d.population;
    i.method = "Computed at build time from the LSOA values of " + d.score + " (" +
               std::to_string(d.national_areas) + " LSOAs in England), weighted by " +
               d.population_note + ". Pools to the region as population-weighted sums.";
    if (std::string(m.pooling) == "none")
        i.method = "Computed at build time from the LSOA values of " + d.score + ", weighted by " +
                   d.population_note +
                   ". Not pooled: a region's local concentration comes from its own most deprived "
                   "10% of residents, not from its authorities' values.";
    i.denominator = std::string(m.suffix) == "proportion_most_deprived_10"
                        ? "LSOAs in the authority"
                        : "residents (" + d.population_note + ")";
    i.value_kind = m.value_kind;
    i.counts = m.counts;
    i.pooling = m.pooling;
    return i;
}

/// Value, numerator and denominator of one measure for one parent.
IndicatorValue summary_value(const DeprivationSummarySource& d, const Measure& m,
                             const std::string& code, const DeprivationSummary& s) {
    IndicatorValue v;
    v.indicator_id = d.id_prefix + "_" + m.suffix;
    v.set_id = d.parent_set;
    v.area_code = code;
    v.period = d.period;
    const std::string suffix = m.suffix;
    v.denominator = s.population;
    if (suffix == "average_score") {
        v.value = s.average_score;
        v.numerator = s.score_sum;
    } else if (suffix == "average_rank") {
        v.value = s.average_rank;
        v.numerator = s.rank_sum;
    } else if (suffix == "extent") {
        v.value = s.extent;
        v.numerator = s.extent_sum;
    } else if (suffix == "local_concentration") {
        v.value = s.local_concentration;
        v.denominator.reset();
    } else {
        v.value = s.proportion_in_most_deprived_decile;
        v.numerator = static_cast<double>(s.lsoas_in_most_deprived_decile);
        v.denominator = static_cast<double>(s.lsoas);
    }
    return v;
}

void note_national(BuildContext& ctx, const DeprivationSummarySource& d, const Measure& m) {
    NationalValue n;
    n.indicator_id = d.id_prefix + "_" + m.suffix;
    n.source = "manifest";
    if (std::string(m.suffix) == "proportion_most_deprived_10") {
        n.value = 0.1;
        n.note = "By definition: national decile 1 is the most deprived 10% of England's " +
                 std::to_string(d.national_areas) + " LSOAs.";
    } else {
        n.note =
            "England's value needs every English LSOA; the sources here cover the West "
            "Midlands only.";
    }
    ctx.store.add_national_value(n);
}

}  // namespace

void import_deprivation_summaries(BuildContext& ctx) {
    for (const DeprivationSummarySource& d : ctx.manifest.deprivation_summaries) {
        const auto by_parent = lsoas_by_parent(ctx, d);
        for (const Measure& m : measures) {
            ctx.add_indicator(summary_indicator(ctx, d, m),
                              "deprivation_summaries '" + d.id_prefix + "'");
            note_national(ctx, d, m);
        }
        for (const auto& [code, lsoas] : by_parent) {
            const DeprivationSummary s = summarise_deprivation(lsoas, d.national_areas);
            for (const Measure& m : measures) {
                ctx.store.add_value(summary_value(d, m, code, s));
                ++ctx.summary.values;
            }
        }
        char detail[96];
        std::snprintf(detail, sizeof detail, "%zu %s areas summarised", by_parent.size(),
                      d.parent_set.c_str());
        ctx.store.add_report({"deprivation_summaries", "info", d.id_prefix, detail, std::nullopt});
    }
}

}  // namespace sna::geo
