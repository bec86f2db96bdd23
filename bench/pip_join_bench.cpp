/// Point-in-polygon join benchmark: AreaLocator over one area set of a built snamap database,
/// against the points of one point layer of the same database (or of any table with an integer
/// `id` and a point `geom`, e.g. the boundary probe of bench/run.sh). Prints figures; not a test.
///
/// Timed: AreaLocator construction (R-tree packing) and the locate() loop, on one thread.
/// Not timed: reading areas and points from SQLite, the boundary classification afterwards and
/// writing the result file.

#include "geo/analysis/area_locator.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/geometry.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string database;
    std::string set_id = "lsoa";
    std::string layer = "demo_incidents";
    std::string table;  ///< when set, points come from this table instead of the layer
    std::string output;
    int runs = 3;
};

struct LoadedPoints {
    std::vector<std::int64_t> fids;
    std::vector<sna::geo::Point> locations;
};

/// One timed run: construction and the locate() loop, measured separately.
struct RunTimes {
    double build_s = 0;
    double join_s = 0;
    double cpu_s =
        0;  ///< process CPU time of construction + join (less sensitive to a busy machine)
};

constexpr const char* usage =
    "usage: pip_join_bench DB -o OUT.csv [--set lsoa] [--layer demo_incidents | --table T] "
    "[--runs 3]\n";

Options parse_options(int argc, char** argv) {
    Options o;
    const auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) throw sna::geo::InvalidInput(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-o") {
            o.output = value(i);
        } else if (arg == "--set") {
            o.set_id = value(i);
        } else if (arg == "--layer") {
            o.layer = value(i);
        } else if (arg == "--table") {
            o.table = value(i);
            const bool is_identifier =
                !o.table.empty() && std::all_of(o.table.begin(), o.table.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
                });
            if (!is_identifier)
                throw sna::geo::InvalidInput("--table: not a table name: " + o.table);
        } else if (arg == "--runs") {
            o.runs = std::stoi(value(i));
        } else if (!arg.empty() && arg[0] != '-' && o.database.empty()) {
            o.database = arg;
        } else {
            throw sna::geo::InvalidInput("unexpected argument '" + arg + "'");
        }
    }
    if (o.database.empty() || o.output.empty() || o.runs < 1) throw sna::geo::InvalidInput(usage);
    return o;
}

std::string points_source(const Options& o) {
    return o.table.empty() ? "layer " + o.layer : "table " + o.table;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

LoadedPoints load_point_locations(sna::geo::Database& db, const Options& o) {
    LoadedPoints out;
    const bool from_layer = o.table.empty();
    auto st = db.prepare(
        from_layer ? "SELECT fid, ST_X(geom), ST_Y(geom) FROM points WHERE layer = ? ORDER BY fid"
                   : "SELECT id, ST_X(geom), ST_Y(geom) FROM " + o.table + " ORDER BY id");
    if (from_layer) st.bind(1, o.layer);
    while (st.step()) {
        out.fids.push_back(st.column_int(0));
        out.locations.push_back({st.column_double(1), st.column_double(2)});
    }
    if (out.fids.empty()) throw sna::geo::NotFound("no points in " + points_source(o));
    return out;
}

/// Builds a locator and joins every point; `joined[i]` is the area index or -1.
RunTimes run_once(const std::vector<sna::geo::MultiPolygon>& geometries,
                  const std::vector<sna::geo::Point>& points, std::vector<std::int32_t>& joined) {
    std::vector<sna::geo::MultiPolygon> copy = geometries;  // the constructor consumes its input
    RunTimes t;
    const std::clock_t cpu_start = std::clock();
    const auto build_start = Clock::now();
    const sna::geo::AreaLocator locator(std::move(copy));
    t.build_s = seconds_since(build_start);

    joined.assign(points.size(), -1);
    const auto join_start = Clock::now();
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto index = locator.locate(points[i]);
        if (index) joined[i] = static_cast<std::int32_t>(*index);
    }
    t.join_s = seconds_since(join_start);
    t.cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    return t;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Writes `point_fid,area_index,area_code,on_boundary`; returns how many joined points lie on
/// the boundary of the area they were given (shared borders go to the lowest index).
std::int64_t write_result(const std::string& path, const LoadedPoints& points,
                          const std::vector<std::int32_t>& joined,
                          const std::vector<sna::geo::Area>& areas) {
    std::ofstream out(path);
    if (!out) throw sna::geo::Error("cannot write " + path);
    out << "point_fid,area_index,area_code,on_boundary\n";
    std::int64_t on_boundary = 0;
    for (std::size_t i = 0; i < joined.size(); ++i) {
        out << points.fids[i] << ',' << joined[i] << ',';
        bool boundary = false;
        if (joined[i] >= 0) {
            const auto& area = areas[static_cast<std::size_t>(joined[i])];
            boundary = sna::geo::locate(points.locations[i], area.geometry) ==
                       sna::geo::Location::boundary;
            out << area.code;
        }
        out << ',' << (boundary ? 1 : 0) << '\n';
        if (boundary) ++on_boundary;
    }
    out.close();
    if (!out) throw sna::geo::Error("error writing " + path);
    return on_boundary;
}

int run(const Options& o) {
    sna::geo::Database db(o.database, sna::geo::Database::Mode::read_only);
    const auto load_start = Clock::now();
    const std::vector<sna::geo::Area> areas = sna::geo::read_areas(db, o.set_id);
    if (areas.empty()) throw sna::geo::NotFound("no areas in set '" + o.set_id + "'");
    std::vector<sna::geo::MultiPolygon> geometries;
    geometries.reserve(areas.size());
    std::size_t vertices = 0;
    for (const auto& a : areas) {
        geometries.push_back(a.geometry);
        for (const auto& polygon : a.geometry.polygons) {
            for (const auto& ring : polygon.rings) vertices += ring.size();
        }
    }
    const LoadedPoints points = load_point_locations(db, o);
    const double load_s = seconds_since(load_start);

    std::vector<double> build_times, join_times, total_times, cpu_times;
    std::vector<std::int32_t> joined;
    for (int r = 0; r < o.runs; ++r) {
        const RunTimes t = run_once(geometries, points.locations, joined);
        build_times.push_back(t.build_s);
        join_times.push_back(t.join_s);
        total_times.push_back(t.build_s + t.join_s);
        cpu_times.push_back(t.cpu_s);
        std::fprintf(stderr, "run %d: construction %.3f s, join %.3f s, cpu %.3f s\n", r + 1,
                     t.build_s, t.join_s, t.cpu_s);
    }
    const auto unjoined = std::count(joined.begin(), joined.end(), -1);
    const std::int64_t on_boundary = write_result(o.output, points, joined, areas);

    const double n = static_cast<double>(points.locations.size());
    const double total_s = median(total_times), cpu_s = median(cpu_times);
    std::printf("areas: %zu (set %s, %zu vertices)\n", areas.size(), o.set_id.c_str(), vertices);
    std::printf("points: %zu (%s)\n", points.locations.size(), points_source(o).c_str());
    std::printf("load_s: %.3f (SQLite read of areas and points; not timed below)\n", load_s);
    std::printf("runs: %d (medians reported)\n", o.runs);
    std::printf("construction_s: %.4f\n", median(build_times));
    std::printf("join_s: %.4f\n", median(join_times));
    std::printf("total_s: %.4f (construction + join, wall clock)\n", total_s);
    std::printf("cpu_s: %.4f (construction + join, process CPU time)\n", cpu_s);
    std::printf("points_per_s: %.0f (construction + join, wall clock)\n", n / total_s);
    std::printf("points_per_cpu_s: %.0f\n", n / cpu_s);
    std::printf("joined: %lld\n", static_cast<long long>(n) - static_cast<long long>(unjoined));
    std::printf("unjoined: %lld\n", static_cast<long long>(unjoined));
    std::printf("on_boundary: %lld\n", static_cast<long long>(on_boundary));
    std::printf("output: %s\n", o.output.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse_options(argc, argv));
    } catch (const sna::geo::InvalidInput& e) {
        std::cerr << "pip_join_bench: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "pip_join_bench: error: " << e.what() << "\n";
        return 1;
    }
}
