#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"

#include <filesystem>
#include <iostream>

namespace sna::app {

namespace {

void print_info(const std::string& path) {
    geo::Database db(path, geo::Database::Mode::read_only);
    const auto meta = read_meta(db);
    const auto value = [&](const std::string& key) {
        const auto it = meta.find(key);
        return it == meta.end() ? std::string("?") : it->second;
    };
    std::cout << value("name") << "\n  data version " << value("data_version") << " (sha256 "
              << value("data_hash") << ")\n  built " << value("built_at") << " by snamap "
              << value("snamap_version") << ", schema " << value("schema_version")
              << "\n\nArea sets:\n";
    for (const auto& [set, count] : read_area_sets(db)) {
        std::cout << "  " << set.id << "\t" << count << "\t" << set.title << "\n";
    }
    const auto counts = count_values(db);
    std::cout << "\nIndicators:\n";
    std::string theme = "\x01";
    std::vector<std::string> incomplete;
    for (const auto& i : read_indicators(db)) {
        std::string missing;
        for (const auto& field : geo::missing_metadata(i))
            missing += (missing.empty() ? "" : ", ") + field;
        if (!missing.empty()) incomplete.push_back(i.id + " (no " + missing + ")");
        if (i.theme != theme) std::cout << "  [" << (theme = i.theme) << "]\n";
        const auto n = counts.find(i.id);
        std::cout << "    " << i.id << " — " << i.title << " (" << i.set_id << ", " << i.period
                  << ", " << i.unit << ", " << to_string(i.polarity) << ", dataset " << i.dataset_id
                  << ", " << (n == counts.end() ? 0 : n->second) << " values)\n";
    }
    std::cout << "\nIndicator metadata: ";
    if (incomplete.empty())
        std::cout << "every indicator has a description, a method and a source column\n";
    for (const auto& line : incomplete) std::cout << "\n  missing: " << line;
    if (!incomplete.empty()) std::cout << "\n";
    std::cout << "\nDatasets:\n";
    for (const auto& d : read_datasets(db)) {
        std::cout << "  " << d.id << ": " << d.title << " — " << d.publisher << ", " << d.licence
                  << "\n";
    }
}

}  // namespace

Run setup_info(const std::vector<std::string>& args) {
    const Arguments a(args, {}, {});
    if (a.positional().size() != 1) throw geo::InvalidInput("usage: snamap info DB");
    const std::string path = a.positional()[0];
    if (!std::filesystem::is_regular_file(path))
        throw geo::InvalidInput("no database at '" + path + "'");
    return [path] { print_info(path); };
}

}  // namespace sna::app
