#pragma once
/// Runs an external tool (GDAL's command-line programs) for independent checks in tests.

#include <cstdio>
#include <string>

namespace sna::geo::test {

/// Output of a shell command and its exit status.
struct CommandResult {
    int status = -1;
    std::string output;
};

/// Runs `command` through the shell and captures its standard output.
inline CommandResult run_command(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    result.status = ::pclose(pipe);
    return result;
}

}  // namespace sna::geo::test
