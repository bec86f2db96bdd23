/// snamap: a Strategic Needs Assessment map server. The only place exceptions become exit codes
/// (osmium-tool's shape: arguments are checked in setup, work is done in run).

#include "app/commands.hpp"
#include "geo/core/errors.hpp"

#include <iostream>
#include <map>

namespace {

/// What snamap's exit status means.
enum ExitCode : int {
    okay = 0,         ///< the command did its work
    error = 1,        ///< the input data or the work failed; the message says where
    usage_error = 2,  ///< the command line was wrong; nothing was done
};

constexpr const char* usage = R"(snamap — Strategic Needs Assessment map server

usage:
  snamap build MANIFEST.json --sources DIR -o OUT.sqlite [--quiet]
  snamap info DB
  snamap demo-data OUTDIR [--areas N] [--points M] [--seed S]
  snamap serve DB [--config FILE] [--host 127.0.0.1] [--port 8080] [--threads N] [--web DIR]
  snamap token add --tokens FILE --name NAME --groups partner[,...] [--expires YYYY-MM-DD]
  snamap token list --tokens FILE | snamap token revoke --tokens FILE --name NAME
  snamap export-tiles DB --layer ID -o FILE.pmtiles|FILE.mbtiles [--minzoom N] [--maxzoom N]
                      [--config FILE] [--threads N] [--quiet]
  snamap routes                (the route table, one JSON object a line)
  snamap help

exit status: 0 done, 1 error in the data or the work, 2 wrong command line
)";

using Setup = sna::app::Run (*)(const std::vector<std::string>&);

/// Parses and checks the arguments into `work`; on failure tells the user and says why.
ExitCode setup(const std::string& name, Setup setup_command, const std::vector<std::string>& args,
               sna::app::Run& work) {
    try {
        work = setup_command(args);
        return okay;
    } catch (const sna::geo::InvalidInput& e) {
        std::cerr << "snamap " << name << ": " << e.what() << "\n(see: snamap help)\n";
        return usage_error;
    } catch (const std::exception& e) {  // e.g. an unreadable --config file
        std::cerr << "snamap " << name << ": error: " << e.what() << "\n";
        return error;
    }
}

/// Does the work; the exit code.
ExitCode run(const std::string& name, const sna::app::Run& work) {
    try {
        work();
        return okay;
    } catch (const sna::geo::InvalidInput& e) {
        std::cerr << "snamap " << name << ": " << e.what() << "\n";
        return usage_error;
    } catch (const std::exception& e) {
        std::cerr << "snamap " << name << ": error: " << e.what() << "\n";
        return error;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace sna;
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty() || all[0] == "help" || all[0] == "--help" || all[0] == "-h") {
        std::cout << usage;
        return all.empty() ? usage_error : okay;
    }
    const std::map<std::string, Setup> commands = {
        {"build", app::setup_build},         {"info", app::setup_info},
        {"demo-data", app::setup_demo_data}, {"serve", app::setup_serve},
        {"token", app::setup_token},         {"export-tiles", app::setup_export_tiles},
        {"routes", app::setup_routes}};
    const auto command = commands.find(all[0]);
    if (command == commands.end()) {
        std::cerr << "snamap: unknown command '" << all[0] << "'\n" << usage;
        return usage_error;
    }
    app::Run work;
    const ExitCode parsed =
        setup(all[0], command->second, std::vector<std::string>(all.begin() + 1, all.end()), work);
    return parsed == okay ? run(all[0], work) : parsed;
}
