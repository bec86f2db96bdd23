#include "geo/analysis/completeness.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/cell_parser.hpp"
#include "geo/import/table_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace sna::geo {

namespace {

/// Flag of an area with no row in any month of any category: a collection gap, not zero crime.
constexpr const char* no_records_flag = "no_records_any_month";

std::string month_label(std::int64_t year, std::int64_t month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", static_cast<int>(year), static_cast<int>(month));
    return text;
}

/// Every month from first to last inclusive, so gaps in the files show up as zeros.
std::vector<std::string> month_range(int first_index, int last_index) {
    std::vector<std::string> months;
    for (int i = first_index; i <= last_index; ++i)
        months.push_back(month_label(i / 12, i % 12 + 1));
    return months;
}

/// Counts read from all files of one series: category → area index → month index → count.
struct SeriesCounts {
    std::map<std::string, std::unordered_map<std::size_t, std::map<int, double>>> by_category;
    int first_month = std::numeric_limits<int>::max();
    int last_month = std::numeric_limits<int>::min();
    std::int64_t rows = 0;
    std::vector<bool> recorded;  ///< by area index: a row in any month and category
    /// (category, area, month) of every row of the file being read, packed in 64 bits: a second
    /// row for the same cell in one file is an error. Category ids number the categories in order
    /// of first appearance.
    std::unordered_set<std::uint64_t> cells;
    std::unordered_map<std::string, std::uint64_t> category_ids;
};

/// The row's cell key; areas and months are bounded by the set's size and the year check.
std::uint64_t cell_key(SeriesCounts& counts, const std::string& category, std::size_t area,
                       int month) {
    const auto id = counts.category_ids.emplace(category, counts.category_ids.size()).first->second;
    return id << 48 | static_cast<std::uint64_t>(area) << 16 | static_cast<std::uint64_t>(month);
}

void read_series_file(BuildContext& ctx, const SeriesSource& s, const std::string& path,
                      SeriesCounts& counts) {
    auto table = TableReader::open(ctx.resolve(path), path, "");
    const std::size_t code = table->column_index(s.code_column, "area code");
    const std::size_t category = table->column_index(s.category_column, "category");
    const std::size_t year = table->column_index(s.year_column, "year");
    const std::size_t month = table->column_index(s.month_column, "month");
    const std::size_t count = table->column_index(s.count_column, "count");
    const AreaSetIndex& set = ctx.areas.set(s.set_id);
    const CellParser cells;
    counts.recorded.resize(set.codes.size());
    counts.cells.clear();  // a cell may appear once per file (files of a series are summed)
    std::vector<std::string> row;
    while (table->next(row)) {
        const auto area = set.find_code(std::string(trim(row[code])));
        if (!area) {
            throw DataError(
                {path, std::to_string(table->line_number()), s.code_column},
                "'" + excerpt(row[code]) + "' is not a code of area set '" + s.set_id + "'");
        }
        const std::int64_t y = cells.integer(*table, row, year, 1900, 2200);
        const std::int64_t m = cells.integer(*table, row, month, 1, 12);
        const std::int64_t n = cells.integer(*table, row, count, 0, 1'000'000'000);
        const std::string cat(trim(row[category]));
        if (cat.empty()) {
            throw DataError({path, std::to_string(table->line_number()), s.category_column},
                            "expected a category name, got an empty cell");
        }
        const int index = static_cast<int>(y * 12 + m - 1);
        if (!counts.cells.insert(cell_key(counts, cat, *area, index)).second) {
            throw DataError({path, std::to_string(table->line_number()), s.code_column},
                            "duplicate row for area '" + row[code] + "', category '" + cat +
                                "', month " + month_label(y, m));
        }
        counts.by_category[cat][*area][index] += static_cast<double>(n);
        counts.recorded[*area] = true;
        counts.first_month = std::min(counts.first_month, index);
        counts.last_month = std::max(counts.last_month, index);
        ++counts.rows;
        if (counts.rows % 20000 == 0) ctx.progress.advance(counts.rows);
    }
}

/// The group (e.g. borough) an area's counts are checked in.
std::string group_of(const BuildContext& ctx, const SeriesSource& s, const std::string& code) {
    if (s.group_set.empty()) return "all";
    return ctx.areas.parent(s.set_id, code, s.group_set).value_or("(no " + s.group_set + ")");
}

/// Totals per group and month over all categories, then the completeness verdicts.
std::set<int> flag_incomplete_months(BuildContext& ctx, const SeriesSource& s,
                                     const SeriesCounts& counts) {
    const AreaSetIndex& set = ctx.areas.set(s.set_id);
    const auto periods = month_range(counts.first_month, counts.last_month);
    std::map<std::string, std::map<std::string, double>> totals;
    for (std::size_t area = 0; area < set.codes.size(); ++area) {
        auto& by_period = totals[group_of(ctx, s, set.codes[area])];
        for (const auto& period : periods) by_period.emplace(period, 0.0);
    }
    for (const auto& [category, by_area] : counts.by_category) {
        for (const auto& [area, by_month] : by_area) {
            const std::string group = group_of(ctx, s, set.codes[area]);
            for (const auto& [month, n] : by_month) {
                totals[group][periods[static_cast<std::size_t>(month - counts.first_month)]] += n;
            }
        }
    }
    std::set<int> flagged;
    for (const MonthVerdict& v : check_completeness(totals, periods, s.completeness_threshold)) {
        ctx.store.add_series_month({s.id, v.period, s.group_set.empty() ? "all" : s.group_set,
                                    v.group, v.total, v.median, v.ratio, v.flagged});
        if (!v.flagged) continue;
        const auto position = std::find(periods.begin(), periods.end(), v.period) - periods.begin();
        flagged.insert(counts.first_month + static_cast<int>(position));
        char detail[160];
        std::snprintf(detail, sizeof detail,
                      "%s: %s total %.0f is %.0f%% of its median month (%.0f)", v.period.c_str(),
                      v.group.c_str(), v.total, 100 * v.ratio, v.median);
        ctx.store.add_report({"series", "flagged_month", s.id, detail, std::nullopt});
    }
    return flagged;
}

/// Areas with no row at all are reported: they get no value rather than a rate of 0.
void report_unrecorded_areas(BuildContext& ctx, const SeriesSource& s, const SeriesCounts& counts) {
    const AreaSetIndex& set = ctx.areas.set(s.set_id);
    for (std::size_t area = 0; area < set.codes.size(); ++area) {
        if (counts.recorded[area]) continue;
        ctx.warn("series", s.id,
                 set.codes[area] + ": no record in any month (" + no_records_flag +
                     "; left without a value)");
    }
}

Indicator series_indicator(const SeriesSource& s, const std::string& id,
                           const std::string& category, const std::string& period) {
    Indicator i;
    i.id = id;
    i.title = category + " (count)";
    i.description = "Monthly count of " + category + " per area from " + s.title +
                    ". An area with no record in any month of any category has no value (flag "
                    "'no_records_any_month'): more likely a gap in the collection than no crime.";
    i.theme = s.theme;
    i.unit = "count";
    i.polarity = s.polarity;
    i.period = period;
    i.set_id = s.set_id;
    i.dataset_id = s.dataset_id;
    i.source_file =
        s.paths.front() +
        (s.paths.size() > 1 ? " (+" + std::to_string(s.paths.size() - 1) + " files)" : "");
    i.source_column = s.count_column;
    i.method =
        "Sum of the source counts per area and month; an area with no row in a month counts 0, "
        "except an area with no row in any month, which is left without a value and flagged "
        "'no_records_any_month' (not ranked, not pooled). Months flagged incomplete carry flag "
        "'incomplete_month'.";
    i.counts = "events";
    i.value_kind = "count";
    return i;
}

/// "No England value" for an indicator of a series that covers one region only.
void note_no_national_value(BuildContext& ctx, const SeriesSource& s, const std::string& id) {
    if (s.national_unavailable.empty()) return;
    NationalValue v;
    v.indicator_id = id;
    v.source = "manifest";
    v.note = s.national_unavailable;
    ctx.store.add_national_value(v);
}

using CountsByArea = std::unordered_map<std::size_t, std::map<int, double>>;

/// Stores one value; the writing step's progress counts from the values written before it.
void add_series_value(BuildContext& ctx, const IndicatorValue& v) {
    ctx.store.add_value(v);
    if (++ctx.summary.values % 20000 == 0) ctx.progress.add(20000);
}

/// Every category plus "All categories" (the sum), keyed by indicator id suffix.
std::map<std::string, std::pair<std::string, CountsByArea>> categories_with_total(
    const SeriesCounts& counts) {
    std::map<std::string, std::pair<std::string, CountsByArea>> out;
    CountsByArea all;
    for (const auto& [category, by_area] : counts.by_category) {
        out[slugify(category)] = {category, by_area};
        for (const auto& [area, by_month] : by_area) {
            for (const auto& [month, n] : by_month) all[area][month] += n;
        }
    }
    out["all"] = {"All categories", std::move(all)};
    return out;
}

double count_in(const CountsByArea& by_area, std::size_t area, int first, int last) {
    const auto found = by_area.find(area);
    if (found == by_area.end()) return 0;
    double total = 0;
    for (auto it = found->second.lower_bound(first); it != found->second.end() && it->first <= last;
         ++it) {
        total += it->second;
    }
    return total;
}

void write_counts(BuildContext& ctx, const SeriesSource& s, const SeriesCounts& counts,
                  const std::set<int>& flagged, const std::string& id, const std::string& category,
                  const CountsByArea& by_area) {
    const AreaSetIndex& set = ctx.areas.set(s.set_id);
    const auto periods = month_range(counts.first_month, counts.last_month);
    ctx.add_indicator(series_indicator(s, id, category, periods.front() + "/" + periods.back()),
                      "series '" + s.id + "'");
    note_no_national_value(ctx, s, id);
    for (std::size_t area = 0; area < set.codes.size(); ++area) {
        for (int month = counts.first_month; month <= counts.last_month; ++month) {
            IndicatorValue v;
            v.indicator_id = id;
            v.set_id = s.set_id;
            v.area_code = set.codes[area];
            v.period = periods[static_cast<std::size_t>(month - counts.first_month)];
            if (counts.recorded[area]) {
                v.value = count_in(by_area, area, month, month);
                v.flag = flagged.count(month) ? "incomplete_month" : "";
            } else {
                v.flag = no_records_flag;
            }
            add_series_value(ctx, v);
        }
    }
}

/// Last months of the rate windows: every window of the series without a flagged month.
std::vector<int> rate_window_ends(const SeriesSource& s, const SeriesCounts& counts,
                                  const std::set<int>& flagged) {
    std::vector<int> ends;
    const int window = s.rate_window_months;
    if (window <= 0) return ends;
    for (int end = counts.first_month + window - 1; end <= counts.last_month; ++end) {
        const auto bad = flagged.lower_bound(end - window + 1);
        if (bad == flagged.end() || *bad > end) ends.push_back(end);
    }
    return ends;
}

/// Rolling-window crude rates per resident population; windows containing a flagged month are
/// left out, so a rate never silently under-counts.
void write_rates(BuildContext& ctx, const SeriesSource& s, const SeriesCounts& counts,
                 const std::set<int>& flagged, const std::string& id, const std::string& category,
                 const CountsByArea& by_area) {
    const AreaSetIndex& set = ctx.areas.set(s.set_id);
    const int window = s.rate_window_months;
    Indicator i = series_indicator(s, id, category, "");
    const auto per = static_cast<long long>(s.rate_multiplier);
    i.title = category + " per " + std::to_string(per) + " residents (" + std::to_string(window) +
              " months)";
    i.unit = "per " + std::to_string(per) + " residents";
    i.value_kind = "rate";
    i.multiplier = s.rate_multiplier;
    i.denominator = "usual residents of the area (population recorded for set " + s.set_id + ")";
    i.description = "Crude rate of " + category + " per " + std::to_string(per) +
                    " usual residents over " + std::to_string(window) +
                    " consecutive months, from " + s.title +
                    ". Crimes are counted where they happened, not where victims live.";
    i.method = "Crude rate: " + std::to_string(per) + " x offences in " + std::to_string(window) +
               " consecutive months / residents (Census 2021). Windows containing a month flagged "
               "incomplete are not published. 95% and 99.8% intervals: Byar / exact Poisson "
               "(events). Areas with no record in any month have no value (flag "
               "'no_records_any_month').";
    const std::vector<int> ends = rate_window_ends(s, counts, flagged);
    if (ends.empty()) {
        ctx.warn(
            "series", s.id,
            "no complete " + std::to_string(window) + "-month window: no rates for " + category);
        return;
    }
    i.period = month_label((ends.front() - window + 1) / 12, (ends.front() - window + 1) % 12 + 1) +
               "/" + month_label(ends.back() / 12, ends.back() % 12 + 1);
    ctx.add_indicator(i, "series '" + s.id + "'");
    note_no_national_value(ctx, s, id);
    for (std::size_t area = 0; area < set.codes.size(); ++area) {
        const auto population = ctx.populations.find({s.set_id, set.codes[area]});
        for (const int end : ends) {
            const int start = end - window + 1;
            IndicatorValue v;
            v.indicator_id = id;
            v.set_id = s.set_id;
            v.area_code = set.codes[area];
            v.period =
                month_label(start / 12, start % 12 + 1) + "/" + month_label(end / 12, end % 12 + 1);
            if (!counts.recorded[area]) {
                v.flag = no_records_flag;
                add_series_value(ctx, v);
                continue;
            }
            v.numerator = count_in(by_area, area, start, end);
            if (population != ctx.populations.end() && population->second > 0) {
                v.denominator = population->second;
                v.value = s.rate_multiplier * *v.numerator / population->second;
            }
            add_series_value(ctx, v);
        }
    }
}

/// Whether the manifest asks for rates of this category ("all" = the sum of every category).
bool rates_wanted(const SeriesSource& s, const std::string& slug, const std::string& category) {
    const auto& wanted = s.rate_categories;
    const auto listed = [&](const std::string& name) {
        return std::find(wanted.begin(), wanted.end(), name) != wanted.end();
    };
    return s.rate_window_months > 0 &&
           (wanted.empty() || listed(category) || (slug == "all" && listed("all")));
}

/// How many values write_series stores: counts for every area and month of each category and
/// the total, rates for every area and complete window of the categories with rates.
std::int64_t values_to_write(const BuildContext& ctx, const SeriesSource& s,
                             const SeriesCounts& counts, const std::set<int>& flagged) {
    const auto areas = static_cast<std::int64_t>(ctx.areas.set(s.set_id).codes.size());
    const std::int64_t months = counts.last_month - counts.first_month + 1;
    const auto windows = static_cast<std::int64_t>(rate_window_ends(s, counts, flagged).size());
    std::int64_t n =
        areas * months + (rates_wanted(s, "all", "All categories") ? areas * windows : 0);
    for (const auto& [category, by_area] : counts.by_category)
        n += areas * months + (rates_wanted(s, slugify(category), category) ? areas * windows : 0);
    return n;
}

void write_series(BuildContext& ctx, const SeriesSource& s, const SeriesCounts& counts,
                  const std::set<int>& flagged) {
    for (const auto& [slug, named] : categories_with_total(counts)) {
        const auto& [category, by_area] = named;
        write_counts(ctx, s, counts, flagged, s.indicator_prefix + "_" + slug, category, by_area);
        if (rates_wanted(s, slug, category)) {
            write_rates(ctx, s, counts, flagged, s.indicator_prefix + "_" + slug + "_rate",
                        category, by_area);
        }
    }
}

}  // namespace

void import_series(BuildContext& ctx) {
    for (const SeriesSource& s : ctx.manifest.series) {
        std::int64_t lines = 0;
        for (const auto& path : s.paths) lines += TableReader::line_count(ctx.resolve(path));
        ctx.progress.start("series " + s.id + ": reading", lines);
        SeriesCounts counts;
        for (const auto& path : s.paths) read_series_file(ctx, s, path, counts);
        if (counts.rows == 0)
            throw DataError({s.paths.front(), "", ""}, "no rows after the header");
        ctx.progress.finish(std::to_string(counts.rows) + " rows read");
        const std::set<int> flagged = flag_incomplete_months(ctx, s, counts);
        report_unrecorded_areas(ctx, s, counts);
        for (int month : flagged)
            ctx.summary.flagged_month_labels.push_back(s.id + " " +
                                                       month_label(month / 12, month % 12 + 1));
        ctx.summary.flagged_months += static_cast<std::int64_t>(flagged.size());
        ctx.progress.start("series " + s.id + ": writing values",
                           values_to_write(ctx, s, counts, flagged));
        write_series(ctx, s, counts, flagged);
        ctx.progress.finish(std::to_string(counts.rows) + " rows, " +
                            std::to_string(counts.last_month - counts.first_month + 1) +
                            " months, " + std::to_string(flagged.size()) + " flagged incomplete");
    }
}

}  // namespace sna::geo
