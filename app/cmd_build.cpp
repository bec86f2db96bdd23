#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/import/builder.hpp"

#include <unistd.h>
#include <iomanip>
#include <iostream>

namespace sna::app {

namespace {

void print_summary(const geo::BuildSummary& s, const std::string& output) {
    std::cout << "\nBuilt " << output << " (data version " << s.data_version << ")\n";
    std::cout << "  areas per set:";
    for (const auto& [set, count] : s.areas_per_set) std::cout << " " << set << " " << count << ";";
    std::cout << "\n  indicators: " << s.indicators << "   values: " << s.values << "\n";
    std::cout << "  points: " << s.points
              << " (point x area-set pairs with no containing area: " << s.points_unjoined << ")\n";
    std::cout << "  geometries repaired: " << s.geometries_repaired << "\n";
    std::cout << "  months flagged incomplete: " << s.flagged_months;
    for (const auto& label : s.flagged_month_labels) std::cout << "\n    " << label;
    std::cout << "\n  warnings: " << s.warnings.size() << "\n  time per step:";
    for (const auto& [step, seconds] : s.step_seconds) {
        std::cout << " " << step << " " << std::fixed << std::setprecision(2) << seconds << "s;";
    }
    std::cout << std::defaultfloat << "\n";
}

}  // namespace

Run setup_build(const std::vector<std::string>& args) {
    const Arguments a(args, {"--sources", "-o", "--output"}, {"--quiet"});
    if (a.positional().size() != 1) {
        throw geo::InvalidInput("usage: snamap build MANIFEST.json --sources DIR -o OUT.sqlite");
    }
    geo::BuildOptions options;
    options.manifest_path = a.positional()[0];
    options.sources_dir = a.get_or("--sources", ".");
    options.output_path = a.get("-o").value_or(a.get_or("--output", ""));
    if (options.output_path.empty()) throw geo::InvalidInput("-o OUT.sqlite is required");
    return [options, quiet = a.has("--quiet")] {
        geo::Progress progress(std::cerr, isatty(2) != 0, quiet);
        const geo::BuildSummary summary = geo::build_database(options, progress);
        print_summary(summary, options.output_path);
    };
}

}  // namespace sna::app
