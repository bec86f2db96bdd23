#include "geo/import/manifest.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/import/json_object_reader.hpp"
#include "geo/import/manifest_postcodes.hpp"
#include "geo/import/manifest_reach.hpp"
#include "geo/import/manifest_references.hpp"
#include "geo/import/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace sna::geo {

namespace {

using nlohmann::json;

/// An `access` key: "public" or a group name; recorded in `rules` under `id` when given.
void read_access(ObjectReader& r, const std::string& id,
                 std::map<std::string, std::string>& rules) {
    const std::string access = r.text("access");
    if (access.empty()) return;
    if (!is_valid_access(access))
        r.fail("access",
               "expected 'public' or a group name (lower-case letters, digits, '_' or "
               "'-', starting with a letter), got '" +
                   access + "'");
    rules[id] = access;
}

/// A point layer's `access` and `attribute_access` ({"attribute": "group"}).
void read_point_access(ObjectReader& r, const PointSource& p, AccessRules& rules) {
    read_access(r, p.id, rules.point_layers);
    for (const auto& [attribute, access] : r.text_map("attribute_access")) {
        const bool all = p.attributes.size() == 1 && p.attributes[0] == "*";
        if (!all &&
            std::find(p.attributes.begin(), p.attributes.end(), attribute) == p.attributes.end())
            r.fail("attribute_access", "'" + attribute + "' is not one of the attributes kept");
        if (!is_valid_access(access))
            r.fail("attribute_access", "'" + attribute + "': expected 'public' or a group name");
        rules.point_attributes[p.id][attribute] = access;
    }
}

void read_datasets(ObjectReader& top, Manifest& m) {
    top.objects("datasets", [&](ObjectReader& r) {
        Dataset d;
        d.id = r.required_text("id");
        d.title = r.required_text("title");
        d.publisher = r.required_text("publisher");
        d.licence = r.required_text("licence");
        d.attribution = r.text("attribution");
        d.url = r.text("url");
        d.period = r.text("period");
        read_access(r, d.id, m.access.datasets);
        r.object("suppression", [&](ObjectReader& o) {
            d.suppress_below = o.number("threshold", 5);
            d.suppression_note = o.text("note");
            if (d.suppress_below < 0) o.fail("threshold", "expected 0 (off) or more");
            if (d.suppress_below != 5 && trim(d.suppression_note).empty())
                o.fail("note", "say why this dataset departs from the default threshold of 5");
        });
        m.datasets.push_back(d);
    });
}

/// `level` places the set in the hierarchy; `noun`/`plural_noun` name its areas in prose.
void read_area_level(ObjectReader& r, AreaSet& set) {
    const auto level = area_level_from_text(r.text("level", "other"));
    if (!level)
        r.fail("level", "expected 'region', 'local_authority', 'ward', 'small_area' or 'other'");
    set.level = *level;
    set.noun = r.text("noun", default_noun(set.level));
    set.plural_noun = r.text("plural_noun", set.noun + "s");
}

void read_area_sets(ObjectReader& top, Manifest& m) {
    top.objects("area_sets", [&](ObjectReader& r) {
        AreaSetSource s;
        s.set.id = r.required_text("id");
        s.set.title = r.required_text("title");
        s.set.dataset_id = r.required_text("dataset");
        s.path = r.required_text("path");
        s.set.source_file = s.path;
        s.layer = r.text("layer");
        s.code_field = r.required_text("code_field");
        s.name_field = r.required_text("name_field");
        s.crs = r.text("crs");
        read_area_level(r, s.set);
        m.area_sets.push_back(s);
    });
}

void read_lookups(ObjectReader& top, Manifest& m) {
    top.objects("lookups", [&](ObjectReader& r) {
        LookupSource s;
        s.path = r.required_text("path");
        s.layer = r.text("layer");
        s.unknown_codes = r.choice("unknown_codes", {"error", "skip"});
        r.objects("links", [&](ObjectReader& l) {
            LookupLink link;
            link.from_set = l.required_text("from_set");
            link.from_column = l.required_text("from_column");
            link.to_set = l.required_text("to_set");
            link.to_column = l.required_text("to_column");
            link.relation = l.text("relation", "parent");
            if (link.relation != "parent" && link.relation != "equivalent") {
                l.fail("relation",
                       "expected 'parent' or 'equivalent', got '" + link.relation + "'");
            }
            s.links.push_back(link);
        });
        if (s.links.empty()) r.fail("links", "at least one link is required");
        m.lookups.push_back(s);
    });
}

/// `national`: {"filter": {...}} | {"value": x, "note": "..."} | {"unavailable": "reason"}.
NationalSpec read_national(ObjectReader& r, bool allow_filter) {
    NationalSpec n;
    r.object("national", [&](ObjectReader& o) {
        n.filter = o.value_sets("filter");
        n.code = o.text("code", england_code);
        n.name = o.text("name", "England");
        n.value = o.optional_number("value");
        const std::string unavailable = o.text("unavailable");
        n.note = o.text("note");
        const int kinds =
            (n.filter.empty() ? 0 : 1) + (n.value ? 1 : 0) + (unavailable.empty() ? 0 : 1);
        if (kinds != 1) {
            o.fail("", allow_filter ? "give exactly one of 'filter', 'value' or 'unavailable'"
                                    : "give exactly one of 'value' or 'unavailable'");
        }
        if (!allow_filter && !n.filter.empty())
            o.fail("filter", "national rows are read per table, not per indicator");
        if (n.value && trim(n.note).empty())
            o.fail("note", "a declared national value needs a note saying how it is known");
        if (!unavailable.empty()) {
            n.unavailable = true;
            n.note = unavailable;
        }
    });
    return n;
}

IndicatorColumn read_indicator(ObjectReader& r) {
    IndicatorColumn c;
    Indicator& i = c.indicator;
    i.id = r.required_text("id");
    i.title = r.required_text("title");
    i.description = r.text("description");
    i.theme = r.text("theme");
    i.unit = r.text("unit");
    i.period = r.text("period");
    i.method = r.text("method");
    i.denominator = r.text("denominator");
    i.value_kind = r.text("value_kind", "score");
    i.counts = r.text("numerator_counts");
    if (!i.counts.empty() && i.counts != "events" && i.counts != "people" && i.counts != "areas")
        r.fail("numerator_counts", "expected 'events', 'people' or 'areas'");
    i.pooling = r.text("pooling");
    if (!i.pooling.empty() && i.pooling != "sum" && i.pooling != "ratio_of_sums" &&
        i.pooling != "weighted_mean" && i.pooling != "none")
        r.fail("pooling", "expected 'sum', 'ratio_of_sums', 'weighted_mean' or 'none'");
    const std::string polarity = r.text("polarity", "neutral");
    try {
        i.polarity = polarity_from_string(polarity);
    } catch (const InvalidInput& e) {
        r.fail("polarity", e.what());
    }
    c.column = r.text("column");  // may be left out when the value is numerator / denominator
    i.source_column = c.column;
    c.rank_column = r.text("rank_column");
    c.decile_column = r.text("decile_column");
    c.numerator_column = r.text("numerator_column");
    c.denominator_column = r.text("denominator_column");
    c.denominator_total_column = r.text("denominator_total_column");
    if (!c.denominator_column.empty() && !c.denominator_total_column.empty())
        r.fail("denominator_total_column", "give denominator_column or this, not both");
    if (c.column.empty()) {
        if (c.numerator_column.empty() ||
            (c.denominator_column.empty() && c.denominator_total_column.empty()))
            r.fail("column", "required unless numerator_column and a denominator are given");
        i.source_column = c.numerator_column + " / " +
                          (c.denominator_column.empty() ? "sum of " + c.denominator_total_column
                                                        : c.denominator_column);
    }
    c.scale = r.number("scale", 1.0);
    c.national = read_national(r, false);
    return c;
}

void read_tables(ObjectReader& top, Manifest& m) {
    top.objects("tables", [&](ObjectReader& r) {
        TableSource t;
        t.path = r.required_text("path");
        t.layer = r.text("layer");
        t.set_id = r.required_text("set");
        t.dataset_id = r.required_text("dataset");
        t.code_column = r.required_text("code_column");
        t.match_by_name = r.choice("match", {"code", "name"}) == "name";
        t.unknown_codes = r.choice("unknown_codes", {"error", "skip"});
        t.filter = r.value_sets("filter");
        t.period_column = r.text("period_column");
        t.population_column = r.text("population_column");
        t.missing_values = r.texts("missing_values");
        t.national = read_national(r, true);
        const std::string theme = r.text("theme");
        const std::string period = r.text("period");
        r.objects("indicators", [&](ObjectReader& ir) {
            IndicatorColumn c = read_indicator(ir);
            read_access(ir, c.indicator.id, m.access.indicators);
            c.indicator.set_id = t.set_id;
            c.indicator.dataset_id = t.dataset_id;
            c.indicator.source_file = t.path;
            if (c.indicator.theme.empty()) c.indicator.theme = theme;
            if (c.indicator.period.empty()) c.indicator.period = period;
            t.indicators.push_back(c);
        });
        if (t.indicators.empty() && t.population_column.empty()) {
            r.fail("indicators", "at least one indicator (or a population_column) is required");
        }
        m.tables.push_back(t);
    });
}

/// Which rows of a point table become points: `filter`, `missing_coordinates`, and x/y together.
void read_point_rows(ObjectReader& r, PointSource& p) {
    p.filter = r.value_sets("filter");
    p.skip_missing_coordinates = r.choice("missing_coordinates", {"error", "skip"}) == "skip";
    if (p.skip_missing_coordinates && p.x_column.empty())
        r.fail("missing_coordinates", "applies to x_column/y_column sources only");
    if (!p.filter.empty() && p.x_column.empty() && p.locate_by_set.empty())
        r.fail("filter",
               "applies to tables (x_column/y_column or locate_by); filter a GDAL "
               "point file before the build (e.g. ogr2ogr -where)");
    if (p.x_column.empty() != p.y_column.empty())
        r.fail(p.x_column.empty() ? "x_column" : "y_column", "x_column and y_column go together");
}

void read_points(ObjectReader& top, Manifest& m) {
    top.objects("points", [&](ObjectReader& r) {
        PointSource p;
        p.id = r.required_text("id");
        p.title = r.required_text("title");
        p.kind = r.required_text("kind");
        p.dataset_id = r.required_text("dataset");
        p.path = r.required_text("path");
        p.layer = r.text("layer");
        p.x_column = r.text("x_column");
        p.y_column = r.text("y_column");
        p.crs = r.text("crs", "EPSG:4326");
        p.id_column = r.text("id_column");
        p.name_column = r.text("name_column");
        p.category_column = r.text("category_column");
        p.period_column = r.text("period_column");
        p.period = r.text("period");
        p.attributes = r.texts("attributes");
        p.count_attributes = r.texts("count_attributes");
        const bool all_attributes = p.attributes.size() == 1 && p.attributes[0] == "*";
        for (const auto& name : p.count_attributes) {
            if (!all_attributes &&
                std::find(p.attributes.begin(), p.attributes.end(), name) == p.attributes.end())
                r.fail("count_attributes", "'" + name + "' is not one of the attributes kept");
        }
        read_point_access(r, p, m.access);
        r.object("own_area", [&](ObjectReader& o) {
            p.own_area_set = o.required_text("set");
            p.own_area_column = o.required_text("column");
            p.own_area_tolerance_m = o.number("tolerance_m", 0);
        });
        r.object("locate_by", [&](ObjectReader& o) {
            p.locate_by_set = o.required_text("set");
            p.locate_by_column = o.required_text("column");
            p.locate_fallback_set = o.text("fallback_set");
            p.locate_fallback_column = o.text("fallback_column");
        });
        r.object("area_counts", [&](ObjectReader& o) {
            PointAreaCounts c;
            c.set_id = o.required_text("set");
            c.indicator_prefix = o.text("indicator_prefix", p.id);
            c.theme = o.text("theme");
            try {
                c.polarity = polarity_from_string(o.text("polarity", "higher_is_worse"));
            } catch (const InvalidInput& e) {
                o.fail("polarity", e.what());
            }
            c.rate_per = o.number("per", 1000);
            if (c.rate_per < 0) o.fail("per", "expected 0 (counts only) or a positive number");
            c.national_unavailable = o.text("national_unavailable");
            p.area_counts = c;
        });
        read_point_rows(r, p);
        read_service_reach(r, p, m.analyses);
        m.points.push_back(p);
    });
}

void read_series(ObjectReader& top, Manifest& m) {
    top.objects("series", [&](ObjectReader& r) {
        SeriesSource s;
        s.id = r.required_text("id");
        s.title = r.required_text("title");
        s.dataset_id = r.required_text("dataset");
        s.paths = r.texts("paths");
        if (s.paths.empty()) r.fail("paths", "at least one file is required");
        s.set_id = r.required_text("set");
        s.code_column = r.required_text("code_column");
        s.category_column = r.required_text("category_column");
        s.year_column = r.required_text("year_column");
        s.month_column = r.required_text("month_column");
        s.count_column = r.required_text("count_column");
        s.theme = r.text("theme");
        s.indicator_prefix = r.text("indicator_prefix", s.id);
        const std::string polarity = r.text("polarity", "higher_is_worse");
        try {
            s.polarity = polarity_from_string(polarity);
        } catch (const InvalidInput& e) {
            r.fail("polarity", e.what());
        }
        r.object("completeness", [&](ObjectReader& c) {
            s.group_set = c.text("group_set");
            s.completeness_threshold = c.number("threshold", 0.8);
        });
        r.object("rates", [&](ObjectReader& c) {
            s.rate_window_months = static_cast<int>(c.number("window_months", 12));
            s.rate_multiplier = c.number("per", 1000);
            s.rate_categories = c.texts("categories");
            if (s.rate_window_months < 1 || s.rate_window_months > 120)
                c.fail("window_months", "expected 1..120");
        });
        r.object("national",
                 [&](ObjectReader& o) { s.national_unavailable = o.required_text("unavailable"); });
        m.series.push_back(s);
    });
}

void read_deprivation_summaries(ObjectReader& top, Manifest& m) {
    top.objects("deprivation_summaries", [&](ObjectReader& r) {
        DeprivationSummarySource d;
        d.id_prefix = r.required_text("id_prefix");
        d.title = r.required_text("title");
        d.dataset_id = r.required_text("dataset");
        d.set_id = r.required_text("set");
        d.parent_set = r.required_text("parent_set");
        d.score = r.required_text("score");
        d.rank = r.required_text("rank");
        d.population = r.required_text("population");
        d.population_note = r.required_text("population_note");
        d.national_areas = static_cast<std::int64_t>(r.number("national_areas", 0));
        if (d.national_areas < 10) r.fail("national_areas", "expected England's LSOA count");
        d.period = r.text("period");
        m.deprivation_summaries.push_back(d);
    });
}

void read_priority_schools(ObjectReader& r, PrioritySchoolsSpec& p) {
    p.area_set = r.required_text("area_set");
    p.schools = r.required_text("schools");
    p.default_phase = r.text("default_phase", "secondary");
    r.objects("surroundings", [&](ObjectReader& item) {
        p.surroundings.push_back({item.required_text("indicator"), item.required_text("label")});
    });
    p.pupils = r.required_text("pupils");
    r.objects("school_rates", [&](ObjectReader& item) {
        PrioritySchoolsSpec::SchoolRate rate{
            item.required_text("key"), item.required_text("count"), item.required_text("label"),
            item.text("counts", "people"), item.text("counts_description")};
        if (rate.counts != "people" && rate.counts != "events")
            item.fail("counts", "expected \"people\" or \"events\"");
        p.school_rates.push_back(std::move(rate));
    });
    p.unit = r.text("unit");
    p.caveats = r.text("caveats");
    if (p.surroundings.empty() && p.school_rates.empty())
        r.fail("surroundings", "give at least one surrounding indicator or school rate");
}

void read_analyses(ObjectReader& top, Manifest& m) {
    top.object("analyses", [&](ObjectReader& a) {
        m.analyses.composite_preset = a.texts("composite_preset");
        a.object("report", [&](ObjectReader& r) {
            m.analyses.report.headline = r.texts("headline");
            m.analyses.report.trend = r.text("trend");
            m.analyses.report.trend_title = r.text("trend_title");
            m.analyses.report.trend_note = r.text("trend_note");
            if (!m.analyses.report.trend.empty() && m.analyses.report.trend_title.empty())
                r.fail("trend_title", "say what the charted series is, for the pack's heading");
        });
        a.object("priority_schools", [&](ObjectReader& p) {
            read_priority_schools(p, m.analyses.priority_schools.emplace());
        });
    });
}

}  // namespace

std::string analyses_json(const AnalysesSpec& spec) {
    json out = {{"composite_preset", spec.composite_preset},
                {"report",
                 {{"headline", spec.report.headline},
                  {"trend", spec.report.trend},
                  {"trend_title", spec.report.trend_title},
                  {"trend_note", spec.report.trend_note}}}};
    if (const auto& p = spec.priority_schools) {
        json surroundings = json::array(), rates = json::array();
        for (const auto& s : p->surroundings)
            surroundings.push_back({{"indicator", s.indicator}, {"label", s.label}});
        for (const auto& r : p->school_rates)
            rates.push_back({{"key", r.key},
                             {"count", r.count},
                             {"label", r.label},
                             {"counts", r.counts},
                             {"counts_description", r.counts_description}});
        out["priority_schools"] = {{"area_set", p->area_set},
                                   {"schools", p->schools},
                                   {"default_phase", p->default_phase},
                                   {"surroundings", surroundings},
                                   {"pupils", p->pupils},
                                   {"school_rates", rates},
                                   {"unit", p->unit},
                                   {"caveats", p->caveats}};
    }
    if (!spec.service_reach.empty()) out["service_reach"] = service_reach_json(spec.service_reach);
    return out.dump();
}

Manifest parse_manifest(const std::string& json_text, const std::string& file_name) {
    const json document = parse_strict_json(json_text, file_name);
    ObjectReader top(document, "", file_name);
    if (top.number("snamap_manifest", 0) != 1) {
        top.fail("snamap_manifest", "expected 1 (the manifest format version)");
    }
    Manifest m;
    m.name = top.required_text("name");
    m.description = top.text("description");
    m.equal_area_crs = top.text("equal_area_crs", "EPSG:27700");
    m.source_roots = top.texts("source_roots");
    read_datasets(top, m);
    read_area_sets(top, m);
    read_lookups(top, m);
    read_tables(top, m);
    read_points(top, m);
    read_series(top, m);
    read_analyses(top, m);
    read_deprivation_summaries(top, m);
    read_postcodes(top, m);
    top.finish();
    if (m.area_sets.empty()) top.fail("area_sets", "at least one area set is required");
    const auto authorities = std::count_if(
        m.area_sets.begin(), m.area_sets.end(),
        [](const AreaSetSource& s) { return s.set.level == AreaLevel::local_authority; });
    if (authorities > 1)
        top.fail("area_sets",
                 "at most one set may have level 'local_authority' (the boroughs "
                 "every comparison is made against)");
    check_manifest_references(m, file_name);
    return m;
}

Manifest load_manifest(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError({path, "", ""}, "cannot open the manifest file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_manifest(text.str(), path);
}

std::string resolve_source(const std::string& path, const std::string& sources_dir,
                           const std::string& manifest_path) {
    constexpr std::string_view prefix = "manifest:";
    if (path.rfind(prefix, 0) == 0) {
        const auto slash = manifest_path.find_last_of('/');
        const std::string dir = slash == std::string::npos ? "." : manifest_path.substr(0, slash);
        return dir + "/" + path.substr(prefix.size());
    }
    return sources_dir.empty() ? path : sources_dir + "/" + path;
}

std::vector<std::string> source_paths(const Manifest& m) {
    std::vector<std::string> paths;
    for (const auto& s : m.area_sets) paths.push_back(s.path);
    for (const auto& l : m.lookups) paths.push_back(l.path);
    for (const auto& t : m.tables) paths.push_back(t.path);
    for (const auto& p : m.points) paths.push_back(p.path);
    for (const auto& s : m.series) paths.insert(paths.end(), s.paths.begin(), s.paths.end());
    if (m.postcodes)
        paths.insert(paths.end(), m.postcodes->paths.begin(), m.postcodes->paths.end());
    return paths;
}

}  // namespace sna::geo
