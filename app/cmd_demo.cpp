#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/core/progress.hpp"
#include "geo/synth/demo_region.hpp"

#include <unistd.h>
#include <iostream>

namespace sna::app {

namespace {

void write_demo(const std::string& out_dir, const geo::DemoOptions& options, bool quiet) {
    geo::Progress progress(std::cerr, isatty(2) != 0, quiet);
    std::string current;
    const auto report = [&](const std::string& step, double fraction) {
        if (step != current) {
            if (!current.empty()) progress.finish();
            current = step;
            progress.start(step, 1000);
        }
        progress.advance(static_cast<std::int64_t>(fraction * 1000));
    };
    const geo::DemoSummary s = geo::write_demo_region(out_dir, options, report);
    if (!current.empty()) progress.finish();
    std::cout << "Wrote a synthetic region to " << out_dir << ": " << s.areas << " areas, "
              << s.wards << " wards, " << s.boroughs << " boroughs, " << s.schools << " schools, "
              << s.incidents << " incidents\nBuild it with: snamap build " << out_dir
              << "/manifest.json --sources " << out_dir << " -o demo.sqlite\n";
}

}  // namespace

Run setup_demo_data(const std::vector<std::string>& args) {
    const Arguments a(args, {"--areas", "--points", "--seed"}, {"--quiet"});
    if (a.positional().size() != 1) {
        throw geo::InvalidInput(
            "usage: snamap demo-data OUTDIR [--areas N] [--points M] [--seed S]");
    }
    geo::DemoOptions options;
    options.areas = static_cast<int>(a.integer("--areas", options.areas));
    options.points = a.integer("--points", options.points);
    options.seed =
        static_cast<std::uint64_t>(a.integer("--seed", static_cast<long long>(options.seed)));
    if (options.areas < 10 || options.areas > 200000)
        throw geo::InvalidInput("--areas must be 10..200000");
    if (options.points < 0 || options.points > 100'000'000)
        throw geo::InvalidInput("--points must be 0..100000000");
    return [out_dir = a.positional()[0], options, quiet = a.has("--quiet")] {
        write_demo(out_dir, options, quiet);
    };
}

}  // namespace sna::app
