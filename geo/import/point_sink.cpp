#include "geo/import/point_sink.hpp"

#include "geo/import/row_filter.hpp"

#include <cstdio>

namespace sna::geo {

namespace {

constexpr std::size_t listed_unjoined_per_layer = 200;
constexpr std::int64_t progress_every = 5000;

}  // namespace

void locate_areas(const Locators& locators, LocatedPoint& point) {
    point.areas.clear();
    for (const auto& [set_id, locator] : locators)
        point.areas.push_back(locator->locate(point.record.location));
}

PointSink::PointSink(BuildContext& ctx, const PointSource& spec, const Locators& locators)
    : m_ctx(ctx), m_spec(spec), m_locators(locators) {
    if (spec.area_counts) m_counter = std::make_unique<PointAreaCounter>(spec, *spec.area_counts);
    const auto& reach = ctx.manifest.analyses.service_reach;
    if (const auto it = reach.find(spec.id); it != reach.end() && !it->second.by_category.empty())
        m_reach_by_category = &it->second.by_category;
}

void PointSink::add(LocatedPoint& point) {
    if (point.kind == LocatedPoint::Kind::filtered) {
        ++m_filtered;
    } else if (point.kind == LocatedPoint::Kind::without_coordinates) {
        note_without_coordinates(point.line, point.record.source_id);
    } else {
        store(point);
    }
    if (point.line % progress_every == 0) m_ctx.progress.advance(point.line);
}

void PointSink::store(LocatedPoint& point) {
    PointRecord& record = point.record;
    record.layer = m_spec.id;
    record.kind = m_spec.kind;
    if (m_reach_by_category) m_categories.insert(record.category);
    const std::int64_t fid = m_ctx.store.add_point(record);
    ++m_count;
    m_joined.resize(m_locators.size());
    std::size_t k = 0;
    for (const auto& [set_id, locator] : m_locators) {
        const auto index = point.areas[k];
        auto& [joined_set, code] = m_joined[k++];
        joined_set = set_id;
        code.reset();
        if (index) code = m_ctx.areas.set(set_id).codes[*index];
        if (!code) note_unjoined(record, set_id);
        if (m_counter && index && set_id == m_spec.area_counts->set_id)
            m_counter->add(record.category, record.period, *index);
        if (set_id == m_spec.own_area_set && !point.own_code.empty())
            compare_own_code(record.location, code, point.own_code);
    }
    m_ctx.store.add_point_areas(fid, m_joined);
}

/// A row with neither coordinate, skipped under `missing_coordinates: skip`: listed by line.
void PointSink::note_without_coordinates(std::int64_t line, const std::string& source_id) {
    if (++m_without_coordinates > static_cast<std::int64_t>(listed_unjoined_per_layer)) return;
    m_ctx.store.add_report(
        {"points", "skipped", m_spec.path,
         "line " + std::to_string(line) + (source_id.empty() ? "" : " (" + source_id + ")") +
             ": no coordinates ('" + m_spec.x_column + "' and '" + m_spec.y_column +
             "' empty); row skipped (missing_coordinates: skip)",
         std::nullopt});
}

std::string PointSink::agreement_text() const {
    const auto share = [&](std::int64_t n) {
        return 100.0 * static_cast<double>(n) / static_cast<double>(m_checked);
    };
    char text[160];
    std::snprintf(text, sizeof text,
                  "source %s code agrees with the spatial join for %lld of %lld (%.1f%%)",
                  m_spec.own_area_set.c_str(), static_cast<long long>(m_agreeing),
                  static_cast<long long>(m_checked), share(m_agreeing));
    std::string out = text;
    if (m_spec.own_area_tolerance_m > 0) {
        std::snprintf(text, sizeof text,
                      "; within %.0f m of the source's own area for %lld of %lld (%.1f%%)",
                      m_spec.own_area_tolerance_m, static_cast<long long>(m_within_tolerance),
                      static_cast<long long>(m_checked), share(m_within_tolerance));
        out += text;
    }
    return out;
}

void PointSink::check_reach_categories() const {
    if (!m_reach_by_category) return;
    for (const auto& [category, radius] : *m_reach_by_category) {
        if (m_categories.count(category)) continue;
        std::string found;
        for (const std::string& c : m_categories) found += (found.empty() ? "'" : ", '") + c + "'";
        throw DataError(
            {m_ctx.manifest_path, "points " + m_spec.id, "reach.by_category." + category},
            "no point of " + m_spec.path + " has the category '" + category + "' in its '" +
                m_spec.category_column +
                "' column, so its reach would never apply (categories found: " +
                (found.empty() ? "none" : found) + ")");
    }
}

void PointSink::finish() {
    check_reach_categories();
    m_ctx.store.finish_point_layer(m_spec.id, m_count,
                                   {m_spec.own_area_set, m_checked, m_agreeing,
                                    m_spec.own_area_tolerance_m, m_within_tolerance});
    m_ctx.summary.points += m_count;
    std::string text = std::to_string(m_count) + " points from " + m_spec.path;
    if (!m_spec.filter.empty())
        text += "; " + std::to_string(m_filtered) + " rows left out by the filter (" +
                describe_filter(m_spec.filter) + ")";
    if (m_without_coordinates > 0)
        text += "; " + std::to_string(m_without_coordinates) +
                (m_without_coordinates == 1 ? " row" : " rows") +
                " without coordinates skipped (listed in the build report)";
    for (const auto& [set_id, n] : m_unjoined_by_set)
        text += "; " + std::to_string(n) + " outside every " + set_id + " area";
    if (!m_spec.own_area_set.empty() && m_checked > 0) {
        const std::string agreement = agreement_text();
        text += "; " + agreement;
        m_ctx.store.add_report({"points", "agreement", m_spec.id, agreement, std::nullopt});
    }
    if (m_counter) {
        m_counter->write(m_ctx);
        text += "; " + std::to_string(m_counter->counted()) + " counted into " +
                m_spec.area_counts->set_id + " areas";
    }
    m_ctx.store.add_report({"points", "info", m_spec.id, text, std::nullopt});
    m_ctx.progress.finish(text);
}

/// Exact agreement, and agreement within the tolerance (generalised boundaries, postcode-based
/// source codes) so users can tell a near-border mismatch from a wrong code.
void PointSink::compare_own_code(const Point& location, const std::optional<std::string>& joined,
                                 const std::string& own_code) {
    ++m_checked;
    if (joined && *joined == own_code) {
        ++m_agreeing;
        ++m_within_tolerance;
        return;
    }
    const AreaSetIndex& set = m_ctx.areas.set(m_spec.own_area_set);
    const auto claimed = set.find_code(own_code);
    if (claimed && m_spec.own_area_tolerance_m > 0 &&
        approx_distance_m(location, set.geometries[*claimed]) <= m_spec.own_area_tolerance_m) {
        ++m_within_tolerance;
    }
}

void PointSink::note_unjoined(const PointRecord& record, const std::string& set_id) {
    ++m_ctx.summary.points_unjoined;
    const std::int64_t n = ++m_unjoined_by_set[set_id];
    if (static_cast<std::size_t>(n) > listed_unjoined_per_layer) return;
    char where[96];
    std::snprintf(where, sizeof where, " at %.6f, %.6f", record.location.x, record.location.y);
    m_ctx.store.add_report({"points", "unjoined", m_spec.path,
                            "row " + std::to_string(record.source_row) +
                                (record.source_id.empty() ? "" : " (" + record.source_id + ")") +
                                where + ": in no " + set_id + " area",
                            std::nullopt});
}

}  // namespace sna::geo
