#pragma once
/// The snamap subcommands, each split like osmium-tool's: setup_X() parses and checks the
/// arguments (a mistake there is a usage error), the Run it returns does the work.

#include <functional>
#include <string>
#include <vector>

namespace sna::app {

/// The work of a subcommand whose arguments were accepted.
using Run = std::function<void()>;

/// Each @throws geo::InvalidInput for bad arguments.
Run setup_build(const std::vector<std::string>& args);
Run setup_info(const std::vector<std::string>& args);
Run setup_demo_data(const std::vector<std::string>& args);
Run setup_serve(const std::vector<std::string>& args);
Run setup_token(const std::vector<std::string>& args);
Run setup_export_tiles(const std::vector<std::string>& args);
Run setup_routes(const std::vector<std::string>& args);

}  // namespace sna::app
