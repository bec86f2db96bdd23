#include "geo/import/build_paths.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"

#include "tests/support/error_text.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace sna::geo;
using sna::test::TempDir;

namespace {

/// A copy of tests/data/good in a temporary folder, so a build that goes wrong harms nothing.
struct GoodSet {
    TempDir dir;
    fs::path sources = dir.path() / "sources";
    fs::path manifest = sources / "manifest.json";

    GoodSet() {
        fs::copy(fs::path(SNAMAP_SOURCE_DIR) / "tests" / "data" / "good", sources,
                 fs::copy_options::recursive);
    }

    BuildOptions options(const fs::path& output) const {
        return {manifest.string(), sources.string(), output.string()};
    }
};

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string build_error(const BuildOptions& options) {
    std::ostringstream log;
    Progress progress(log, false, true);
    try {
        build_database(options, progress);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a build refuses to write over its own manifest or sources") {
    GoodSet good;
    const std::string manifest_before = read(good.manifest);
    const std::string values_before = read(good.sources / "values.csv");

    CHECK_THAT(build_error(good.options(good.manifest)),
               Catch::Contains("is the manifest") && Catch::Contains("choose another output"));
    CHECK(read(good.manifest) == manifest_before);

    // The same file by another name: a relative path with "..", and a symlink.
    CHECK_THAT(build_error(good.options(good.sources / ".." / "sources" / "values.csv")),
               Catch::Contains("source 'values.csv'"));
    fs::create_symlink(good.sources / "values.csv", good.dir.path() / "link.sqlite");
    CHECK_THAT(build_error(good.options(good.dir.path() / "link.sqlite")),
               Catch::Contains("source 'values.csv'"));
    CHECK(read(good.sources / "values.csv") == values_before);

    // A hard link is the same file too.
    fs::create_hard_link(good.sources / "points.csv", good.dir.path() / "hard.sqlite");
    CHECK_THAT(build_error(good.options(good.dir.path() / "hard.sqlite")),
               Catch::Contains("source 'points.csv'"));

    CHECK(build_error(good.options(good.dir.path() / "out.sqlite")) == "(no error)");
}

TEST_CASE("a build removes temporary files of killed builds, not of running ones") {
    GoodSet good;
    const fs::path output = good.dir.path() / "out.sqlite";
    // A PID above the kernel's maximum can never be running.
    long pid_max = 4194304;
    std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
    const std::string dead = ".out.sqlite.building-" + std::to_string(pid_max + 1);
    const std::string alive = ".out.sqlite.building-" + std::to_string(getppid());
    const std::string other = ".other.sqlite.building-" + std::to_string(pid_max + 1);
    for (const auto& name : {dead, dead + "-journal", alive, other}) {
        good.dir.write(name, "partial database");
    }

    CHECK(build_error(good.options(output)) == "(no error)");
    CHECK(fs::is_regular_file(output));
    CHECK_FALSE(fs::exists(good.dir.path() / dead));
    CHECK_FALSE(fs::exists(good.dir.path() / (dead + "-journal")));
    CHECK(fs::exists(good.dir.path() / alive));  // its build may still be running
    CHECK(fs::exists(good.dir.path() / other));  // another output's business
    CHECK(remove_stale_temporaries(output.string()) == 0);
}

TEST_CASE("sources stay inside --sources unless the manifest lists source_roots") {
    GoodSet good;
    const std::string text = read(good.manifest);
    const std::string original = "\"path\": \"areas.geojson\"";
    REQUIRE(text.find(original) != std::string::npos);
    fs::create_directories(good.dir.path() / "elsewhere");
    fs::copy(good.sources / "areas.geojson", good.dir.path() / "elsewhere" / "areas.geojson");

    const auto with = [&](const std::string& path, const std::string& roots) {
        std::string edited = text;
        edited.replace(edited.find(original), original.size(), "\"path\": \"" + path + "\"");
        if (!roots.empty()) {
            edited.replace(edited.find('{'), 1, "{\"source_roots\": [" + roots + "],");
        }
        std::ofstream(good.manifest, std::ios::binary) << edited;
        return build_error(good.options(good.dir.path() / "out.sqlite"));
    };

    CHECK_THAT(with("../elsewhere/areas.geojson", ""),
               Catch::Contains("source '../elsewhere/areas.geojson' resolves to") &&
                   Catch::Contains("outside --sources") && Catch::Contains("source_roots"));
    fs::create_symlink(good.dir.path() / "elsewhere" / "areas.geojson",
                       good.sources / "linked.geojson");
    CHECK_THAT(with("linked.geojson", ""), Catch::Contains("source 'linked.geojson' resolves to") &&
                                               Catch::Contains("elsewhere/areas.geojson"));
    // Declared explicitly, both are accepted.
    CHECK(with("../elsewhere/areas.geojson", "\"../elsewhere\"") == "(no error)");
    CHECK(with("linked.geojson", "\"" + (good.dir.path() / "elsewhere").string() + "\"") ==
          "(no error)");
    // A folder inside --sources whose name starts with ".." is still inside.
    fs::create_directories(good.sources / "..data");
    fs::copy(good.sources / "areas.geojson", good.sources / "..data" / "areas.geojson");
    CHECK(with("..data/areas.geojson", "") == "(no error)");
}
