#pragma once
/// Locates ../shared/data for integration tests. Missing data is a failure, never a skip:
/// CI has the data beside the clone, so a silent pass would hide a broken setup.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sna::test {

inline std::string shared_data_dir() {
    if (const char* env = std::getenv("SNAMAP_SHARED_DATA"); env && *env) return env;
    return std::string(SNAMAP_SOURCE_DIR) + "/../shared/data";
}

inline bool has_shared_data() {
    return std::filesystem::is_directory(shared_data_dir() + "/boundaries");
}

}  // namespace sna::test
