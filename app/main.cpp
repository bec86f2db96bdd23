/// snamap: a Strategic Needs Assessment map server. The only place exceptions become exit codes.

#include "app/commands.hpp"
#include "geo/core/errors.hpp"

#include <iostream>
#include <map>

namespace {

constexpr const char* usage = R"(snamap — Strategic Needs Assessment map server

usage:
  snamap build MANIFEST.json --sources DIR -o OUT.sqlite [--quiet]
  snamap info DB
  snamap demo-data OUTDIR [--areas N] [--points M] [--seed S]
  snamap serve DB [--config FILE] [--host 127.0.0.1] [--port 8080] [--threads N] [--web DIR]
  snamap help
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace sna;
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty() || all[0] == "help" || all[0] == "--help" || all[0] == "-h") {
        std::cout << usage;
        return all.empty() ? 2 : 0;
    }
    const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"build", app::run_build},
        {"info", app::run_info},
        {"demo-data", app::run_demo_data},
        {"serve", app::run_serve}};
    const auto command = commands.find(all[0]);
    if (command == commands.end()) {
        std::cerr << "snamap: unknown command '" << all[0] << "'\n" << usage;
        return 2;
    }
    try {
        return command->second(std::vector<std::string>(all.begin() + 1, all.end()));
    } catch (const geo::InvalidInput& e) {
        std::cerr << "snamap " << all[0] << ": " << e.what() << "\n";
        return 2;
    } catch (const geo::DataError& e) {
        std::cerr << "snamap " << all[0] << ": error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "snamap " << all[0] << ": error: " << e.what() << "\n";
        return 1;
    }
}
