#include "geo/analysis/area_locator.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/core/wkb.hpp"
#include "geo/gdal/gdal_source.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/cell_parser.hpp"
#include "geo/import/point_area_counter.hpp"
#include "geo/import/row_filter.hpp"
#include "geo/import/table_reader.hpp"
#include "geo/proj/coordinate_transform.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>

namespace sna::geo {

namespace {

constexpr std::size_t no_column = static_cast<std::size_t>(-1);
constexpr std::size_t listed_unjoined_per_layer = 200;

using Locators = std::map<std::string, std::unique_ptr<AreaLocator>>;

/// Columns of a tabular point source, resolved once.
struct PointColumns {
    std::size_t x = no_column, y = no_column, id = no_column, name = no_column;
    std::size_t category = no_column, period = no_column, own_area = no_column;
    std::size_t locate = no_column, fallback = no_column;
    std::vector<std::pair<std::string, std::size_t>> attributes;
};

std::size_t optional_column(const std::string& name, const std::string& purpose,
                            const TableReader& table) {
    return name.empty() ? no_column : table.column_index(name, purpose);
}

PointColumns resolve_columns(const PointSource& p, const TableReader& t) {
    const auto& h = t.header();
    PointColumns c;
    c.x = optional_column(p.x_column, "x_column", t);
    c.y = optional_column(p.y_column, "y_column", t);
    c.id = optional_column(p.id_column, "id_column", t);
    c.name = optional_column(p.name_column, "name_column", t);
    c.category = optional_column(p.category_column, "category_column", t);
    c.period = optional_column(p.period_column, "period_column", t);
    c.own_area = optional_column(p.own_area_column, "own_area.column", t);
    c.locate = optional_column(p.locate_by_column, "locate_by.column", t);
    c.fallback = optional_column(p.locate_fallback_column, "locate_by.fallback_column", t);
    const bool all = p.attributes.size() == 1 && p.attributes[0] == "*";
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (all) c.attributes.emplace_back(h[i], i);
    }
    if (!all) {
        for (const auto& name : p.attributes)
            c.attributes.emplace_back(name, t.column_index(name, "attributes"));
    }
    return c;
}

std::string cell(const std::vector<std::string>& row, std::size_t column) {
    return column == no_column ? std::string() : std::string(trim(row[column]));
}

std::string attributes_json(const std::vector<std::string>& row, const PointColumns& c) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [name, index] : c.attributes) {
        const std::string text(trim(row[index]));
        if (text.empty()) {
            object[name] = nullptr;
            continue;
        }
        try {
            object[name] = *parse_number(text);
        } catch (const std::invalid_argument&) {
            object[name] = text;
        }
    }
    return object.dump();
}

/// Joins and reports; shared by every kind of point source.
class PointSink {
public:
    PointSink(BuildContext& ctx, const PointSource& spec, const Locators& locators)
        : m_ctx(ctx), m_spec(spec), m_locators(locators) {
        if (spec.area_counts)
            m_counter = std::make_unique<PointAreaCounter>(spec, *spec.area_counts);
    }

    void add(PointRecord& record, const std::string& own_code) {
        record.layer = m_spec.id;
        record.kind = m_spec.kind;
        const std::int64_t fid = m_ctx.store.add_point(record);
        ++m_count;
        m_joined.resize(m_locators.size());
        auto joined = m_joined.begin();
        for (const auto& [set_id, locator] : m_locators) {
            const auto index = locator->locate(record.location);
            auto& [joined_set, code] = *joined++;
            joined_set = set_id;
            code.reset();
            if (index) code = m_ctx.areas.set(set_id).codes[*index];
            if (!code) note_unjoined(record, set_id);
            if (m_counter && index && set_id == m_spec.area_counts->set_id)
                m_counter->add(record.category, record.period, *index);
            if (set_id == m_spec.own_area_set && !own_code.empty()) {
                compare_own_code(record.location, code, own_code);
            }
        }
        m_ctx.store.add_point_areas(fid, m_joined);
    }

    /// A row the manifest's `filter` leaves out.
    void note_filtered() { ++m_filtered; }

    /// A row with neither coordinate, skipped under `missing_coordinates: skip`: listed by line.
    void note_without_coordinates(std::int64_t line, const std::string& source_id) {
        if (++m_without_coordinates > static_cast<std::int64_t>(listed_unjoined_per_layer)) return;
        m_ctx.store.add_report(
            {"points", "skipped", m_spec.path,
             "line " + std::to_string(line) + (source_id.empty() ? "" : " (" + source_id + ")") +
                 ": no coordinates ('" + m_spec.x_column + "' and '" + m_spec.y_column +
                 "' empty); row skipped (missing_coordinates: skip)",
             std::nullopt});
    }

    void finish() {
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
        for (const auto& [set_id, n] : m_unjoined_by_set) {
            text += "; " + std::to_string(n) + " outside every " + set_id + " area";
        }
        if (!m_spec.own_area_set.empty() && m_checked > 0) {
            const double rate =
                100.0 * static_cast<double>(m_agreeing) / static_cast<double>(m_checked);
            char agreement[160];
            std::snprintf(agreement, sizeof agreement,
                          "; source %s code agrees with the spatial join for %lld of %lld (%.1f%%)",
                          m_spec.own_area_set.c_str(), static_cast<long long>(m_agreeing),
                          static_cast<long long>(m_checked), rate);
            text += agreement;
            if (m_spec.own_area_tolerance_m > 0) {
                std::snprintf(agreement, sizeof agreement,
                              "; within %.0f m of the source's own area for %lld of %lld (%.1f%%)",
                              m_spec.own_area_tolerance_m,
                              static_cast<long long>(m_within_tolerance),
                              static_cast<long long>(m_checked),
                              100.0 * static_cast<double>(m_within_tolerance) /
                                  static_cast<double>(m_checked));
                text += agreement;
            }
            m_ctx.store.add_report({"points", "agreement", m_spec.id,
                                    text.substr(text.find("source ")), std::nullopt});
        }
        if (m_counter) {
            m_counter->write(m_ctx);
            text += "; " + std::to_string(m_counter->counted()) + " counted into " +
                    m_spec.area_counts->set_id + " areas";
        }
        m_ctx.store.add_report({"points", "info", m_spec.id, text, std::nullopt});
        m_ctx.progress.finish(text);
    }

private:
    /// Exact agreement, and agreement within the tolerance (generalised boundaries, postcode-based
    /// source codes) so users can tell a near-border mismatch from a wrong code.
    void compare_own_code(const Point& location, const std::optional<std::string>& joined,
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

    void note_unjoined(const PointRecord& record, const std::string& set_id) {
        ++m_ctx.summary.points_unjoined;
        const std::int64_t n = ++m_unjoined_by_set[set_id];
        if (static_cast<std::size_t>(n) > listed_unjoined_per_layer) return;
        char where[96];
        std::snprintf(where, sizeof where, " at %.6f, %.6f", record.location.x, record.location.y);
        m_ctx.store.add_report(
            {"points", "unjoined", m_spec.path,
             "row " + std::to_string(record.source_row) +
                 (record.source_id.empty() ? "" : " (" + record.source_id + ")") + where +
                 ": in no " + set_id + " area",
             std::nullopt});
    }

    BuildContext& m_ctx;
    const PointSource& m_spec;
    const Locators& m_locators;
    std::int64_t m_count = 0, m_checked = 0, m_agreeing = 0, m_within_tolerance = 0;
    std::int64_t m_filtered = 0, m_without_coordinates = 0;
    std::map<std::string, std::int64_t> m_unjoined_by_set;
    std::unique_ptr<PointAreaCounter> m_counter;
    /// The point's area per set, reused from point to point (the join is done here, in memory).
    std::vector<std::pair<std::string, std::optional<std::string>>> m_joined;
};

/// The row's location, or nothing when both coordinate cells are empty and the manifest says
/// such rows are skipped.
/// @throws DataError naming the file, line and column of a missing or invalid coordinate
std::optional<Point> read_xy(const TableReader& t, const std::vector<std::string>& row,
                             const PointColumns& c, const CoordinateTransform& transform,
                             const PointSource& spec) {
    const CellParser cells;
    const auto x = cells.number(t, row, c.x);
    const auto y = cells.number(t, row, c.y);
    if (!x && !y && spec.skip_missing_coordinates) return std::nullopt;
    if (!x || !y) {
        const std::string hint =
            x || y ? "; a location needs both '" + spec.x_column + "' and '" + spec.y_column + "'"
                   : "; to leave such rows out, set \"missing_coordinates\": \"skip\" on points '" +
                         spec.id + "'";
        throw DataError(
            {t.display_name(), std::to_string(t.line_number()), !x ? spec.x_column : spec.y_column},
            "expected a coordinate (" + spec.crs + "), got an empty cell" + hint);
    }
    const Point p = transform.forward(Point{*x, *y});
    if (!(p.x >= -180 && p.x <= 180 && p.y >= -90 && p.y <= 90)) {
        throw DataError({t.display_name(), std::to_string(t.line_number()), spec.x_column},
                        "coordinates " + row[c.x] + ", " + row[c.y] + " are not valid in " +
                            spec.crs + " (is the declared crs right?)");
    }
    return p;
}

/// Places a row without coordinates at the point-on-surface of the area it names.
std::optional<Point> locate_by_area(BuildContext& ctx, const PointSource& spec,
                                    const std::vector<std::string>& row, const PointColumns& c) {
    const AreaSetIndex& primary = ctx.areas.set(spec.locate_by_set);
    const std::string key = cell(row, c.locate);
    auto index = primary.find_code(key);
    if (!index) index = primary.find_name(key);
    if (index) return point_on_surface(primary.geometries[*index]);
    if (spec.locate_fallback_set.empty()) return std::nullopt;
    const AreaSetIndex& fallback = ctx.areas.set(spec.locate_fallback_set);
    const std::string fallback_key = cell(row, c.fallback);
    auto other = fallback.find_code(fallback_key);
    if (!other) other = fallback.find_name(fallback_key);
    if (other) return point_on_surface(fallback.geometries[*other]);
    return std::nullopt;
}

void import_table_points(BuildContext& ctx, const PointSource& spec, PointSink& sink) {
    auto table = TableReader::open(ctx.resolve(spec.path), spec.path, spec.layer);
    const PointColumns c = resolve_columns(spec, *table);
    std::unique_ptr<CoordinateTransform> transform;
    if (!spec.x_column.empty()) {
        try {
            transform = std::make_unique<CoordinateTransform>(spec.crs, "EPSG:4326");
        } catch (const DataError& e) {
            throw e.with_context({spec.path, "", "crs"});
        }
    }
    const RowFilter filter(spec.filter, *table);
    std::vector<std::string> row;
    while (table->next(row)) {
        if (!filter.keeps(row)) {
            sink.note_filtered();
            continue;
        }
        PointRecord record;
        record.source_row = table->row_number();
        record.source_id = cell(row, c.id);
        record.name = cell(row, c.name);
        record.category = cell(row, c.category);
        record.period = c.period == no_column ? spec.period : cell(row, c.period);
        record.attributes_json = attributes_json(row, c);
        if (transform) {
            const auto location = read_xy(*table, row, c, *transform, spec);
            if (!location) {
                sink.note_without_coordinates(table->line_number(), record.source_id);
                continue;
            }
            record.location = *location;
        } else {
            const auto located = locate_by_area(ctx, spec, row, c);
            if (!located) {
                throw DataError(
                    {spec.path, std::to_string(table->line_number()), spec.locate_by_column},
                    "no area of set '" + spec.locate_by_set + "' has code or name '" +
                        excerpt(cell(row, c.locate)) + "'");
            }
            record.location = *located;
            record.approximate = true;
        }
        sink.add(record, cell(row, c.own_area));
        if (record.source_row % 5000 == 0) ctx.progress.advance(record.source_row);
    }
}

void import_vector_points(BuildContext& ctx, const PointSource& spec, PointSink& sink) {
    GdalSource source = GdalSource::open(ctx.resolve(spec.path), spec.path, spec.layer, spec.crs);
    const auto field = [&](const std::string& name, const std::string& purpose) {
        return name.empty() ? no_column : source.field_index(name, purpose);
    };
    const std::size_t id = field(spec.id_column, "id_column"),
                      name = field(spec.name_column, "name_column");
    const std::size_t category = field(spec.category_column, "category_column");
    const std::size_t period = field(spec.period_column, "period_column");
    const std::size_t own = field(spec.own_area_column, "own_area.column");
    Feature feature;
    std::int64_t n = 0;
    while (source.next(feature)) {
        if (feature.type != GeometryType::point) {
            throw DataError({spec.path, "feature " + feature.fid, "geometry"},
                            "expected a Point, got " + to_string(feature.type));
        }
        PointRecord record;
        record.source_row = ++n;
        record.source_id = cell(feature.fields, id);
        record.name = cell(feature.fields, name);
        record.category = cell(feature.fields, category);
        record.period = period == no_column ? spec.period : cell(feature.fields, period);
        record.attributes_json = "{}";
        record.location = point_from_wkb(source.wkb_in(feature, "EPSG:4326"));
        sink.add(record, cell(feature.fields, own));
    }
}

bool is_table_file(const PointSource& spec) {
    return !spec.x_column.empty() || !spec.locate_by_set.empty();
}

}  // namespace

void import_points(BuildContext& ctx) {
    if (ctx.manifest.points.empty()) return;
    Locators locators;
    for (const std::string& set_id : ctx.areas.set_ids()) {
        locators[set_id] = std::make_unique<AreaLocator>(ctx.areas.set(set_id).geometries);
    }
    for (const PointSource& spec : ctx.manifest.points) {
        ctx.store.add_point_layer(spec.id, spec.title, spec.kind, spec.dataset_id, spec.path,
                                  spec.count_attributes);
        ctx.progress.start("points " + spec.id, 0);
        PointSink sink(ctx, spec, locators);
        if (is_table_file(spec)) {
            import_table_points(ctx, spec, sink);
        } else {
            import_vector_points(ctx, spec, sink);
        }
        sink.finish();
    }
}

}  // namespace sna::geo
