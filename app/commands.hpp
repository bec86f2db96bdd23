#pragma once
/// The snamap subcommands. Each parses its arguments first, then works; returns the exit code.

#include <string>
#include <vector>

namespace sna::app {

int run_build(const std::vector<std::string>& args);
int run_info(const std::vector<std::string>& args);
int run_demo_data(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);

}  // namespace sna::app
