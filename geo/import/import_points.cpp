#include "geo/core/batch_queue.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/core/wkb.hpp"
#include "geo/gdal/gdal_source.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/cell_parser.hpp"
#include "geo/import/point_sink.hpp"
#include "geo/import/row_filter.hpp"
#include "geo/import/table_reader.hpp"
#include "geo/proj/coordinate_transform.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <thread>

namespace sna::geo {

namespace {

constexpr std::size_t no_column = static_cast<std::size_t>(-1);
constexpr std::size_t points_per_batch = 4096;
constexpr std::size_t batches_in_flight = 4;

using PointQueue = BatchQueue<LocatedPoint>;

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
std::optional<Point> locate_by_area(const BuildContext& ctx, const PointSource& spec,
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

/// Where one row of a table is: its coordinates, or the area it names (locate_by).
/// @throws DataError naming the file, line and column when it cannot be placed
void place_row(const BuildContext& ctx, const PointSource& spec, const TableReader& table,
               const std::vector<std::string>& row, const PointColumns& c,
               const CoordinateTransform* transform, LocatedPoint& out) {
    if (transform) {
        const auto location = read_xy(table, row, c, *transform, spec);
        if (!location) {
            out.kind = LocatedPoint::Kind::without_coordinates;
            return;
        }
        out.record.location = *location;
        return;
    }
    const auto located = locate_by_area(ctx, spec, row, c);
    if (!located) {
        throw DataError({spec.path, std::to_string(table.line_number()), spec.locate_by_column},
                        "no area of set '" + spec.locate_by_set + "' has code or name '" +
                            excerpt(cell(row, c.locate)) + "'");
    }
    out.record.location = *located;
    out.record.approximate = true;
}

LocatedPoint read_row(const BuildContext& ctx, const PointSource& spec, const TableReader& table,
                      const std::vector<std::string>& row, const PointColumns& c,
                      const CoordinateTransform* transform, const Locators& locators) {
    LocatedPoint p;
    p.line = table.line_number();
    PointRecord& record = p.record;
    record.source_row = table.row_number();
    record.source_id = cell(row, c.id);
    record.name = cell(row, c.name);
    record.category = cell(row, c.category);
    record.period = c.period == no_column ? spec.period : cell(row, c.period);
    record.attributes_json = attributes_json(row, c);
    p.own_code = cell(row, c.own_area);
    place_row(ctx, spec, table, row, c, transform, p);
    if (p.kind == LocatedPoint::Kind::point) locate_areas(locators, p);
    return p;
}

/// Reads, places and joins a table's rows (the producer thread), in batches onto `queue`.
void read_table_points(const BuildContext& ctx, const PointSource& spec, const Locators& locators,
                       PointQueue& queue) {
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
    std::vector<LocatedPoint> batch;
    while (table->next(row)) {
        if (!filter.keeps(row)) {
            LocatedPoint& left_out = batch.emplace_back();
            left_out.kind = LocatedPoint::Kind::filtered;
            left_out.line = table->line_number();
        } else {
            batch.push_back(read_row(ctx, spec, *table, row, c, transform.get(), locators));
        }
        if (batch.size() == points_per_batch && !queue.push(std::exchange(batch, {}))) return;
    }
    if (!batch.empty()) queue.push(std::move(batch));
}

/// A table's points: read, placed and joined on a second thread while this one writes them (the
/// two halves take about the same time), at most a few batches apart.
void import_table_points(BuildContext& ctx, const PointSource& spec, const Locators& locators,
                         PointSink& sink) {
    PointQueue queue(batches_in_flight);
    std::thread reader([&] {
        try {
            read_table_points(ctx, spec, locators, queue);
            queue.close();
        } catch (...) {
            queue.close(std::current_exception());
        }
    });
    try {
        while (auto batch = queue.pop()) {
            for (LocatedPoint& p : *batch) sink.add(p);
        }
    } catch (...) {
        queue.cancel();
        reader.join();
        throw;
    }
    reader.join();
}

void import_vector_points(BuildContext& ctx, const PointSource& spec, const Locators& locators,
                          PointSink& sink) {
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
        LocatedPoint p;
        PointRecord& record = p.record;
        record.source_row = p.line = ++n;
        record.source_id = cell(feature.fields, id);
        record.name = cell(feature.fields, name);
        record.category = cell(feature.fields, category);
        record.period = period == no_column ? spec.period : cell(feature.fields, period);
        record.attributes_json = "{}";
        record.location = point_from_wkb(source.wkb_in(feature, "EPSG:4326"));
        p.own_code = cell(feature.fields, own);
        locate_areas(locators, p);
        sink.add(p);
    }
}

bool is_table_file(const PointSource& spec) {
    return !spec.x_column.empty() || !spec.locate_by_set.empty();
}

/// The progress bar's total: a CSV file's lines (read quickly), else unknown (0).
std::int64_t expected_lines(const BuildContext& ctx, const PointSource& spec) {
    return is_table_file(spec) ? TableReader::line_count(ctx.resolve(spec.path)) : 0;
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
        ctx.progress.start("points " + spec.id, expected_lines(ctx, spec));
        PointSink sink(ctx, spec, locators);
        if (is_table_file(spec)) {
            import_table_points(ctx, spec, locators, sink);
        } else {
            import_vector_points(ctx, spec, locators, sink);
        }
        sink.finish();
    }
}

}  // namespace sna::geo
