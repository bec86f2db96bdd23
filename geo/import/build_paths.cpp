#include "geo/import/build_paths.hpp"

#include "geo/core/errors.hpp"

#include <signal.h>
#include <unistd.h>
#include <cerrno>
#include <filesystem>

namespace sna::geo {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view manifest_prefix = "manifest:";

fs::path folder_of(const std::string& file) {
    const fs::path path(file);
    return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

/// The path with symlinks resolved as far as it exists (the rest is kept as written).
fs::path resolved(const fs::path& path) {
    std::error_code ignored;
    const fs::path out = fs::weakly_canonical(fs::absolute(path), ignored);
    return out.empty() ? fs::absolute(path).lexically_normal() : out;
}

bool is_inside(const fs::path& path, const fs::path& folder) {
    const fs::path relative = path.lexically_relative(folder);
    return !relative.empty() && *relative.begin() != "..";
}

/// The folders a source may resolve into, resolved.
std::vector<fs::path> allowed_roots(const Manifest& manifest, const BuildOptions& options,
                                    bool from_manifest_folder) {
    const fs::path sources =
        options.sources_dir.empty() ? fs::path(".") : fs::path(options.sources_dir);
    std::vector<fs::path> roots{
        resolved(from_manifest_folder ? folder_of(options.manifest_path) : sources)};
    for (const std::string& root : manifest.source_roots) {
        const fs::path path(root);
        roots.push_back(resolved(path.is_absolute() ? path : sources / path));
    }
    return roots;
}

std::string describe_roots(const Manifest& manifest, bool from_manifest_folder) {
    std::string text = from_manifest_folder ? "the manifest's folder" : "--sources";
    for (const std::string& root : manifest.source_roots) text += ", '" + root + "'";
    return text;
}

bool is_process_gone(long pid) {
    if (pid <= 0 || pid == static_cast<long>(getpid())) return false;
    return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

/// The PID in ".NAME.building-PID" or ".NAME.building-PID-journal"; -1 for any other name.
long temporary_pid(const std::string& file_name, const std::string& prefix) {
    if (file_name.rfind(prefix, 0) != 0) return -1;
    std::string digits = file_name.substr(prefix.size());
    const std::string journal = "-journal";
    if (digits.size() > journal.size() &&
        digits.compare(digits.size() - journal.size(), journal.size(), journal) == 0) {
        digits.resize(digits.size() - journal.size());
    }
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
        return -1;
    }
    return std::stol(digits);
}

}  // namespace

void check_source_locations(const Manifest& manifest, const BuildOptions& options) {
    for (const std::string& relative : source_paths(manifest)) {
        const fs::path full = resolve_source(relative, options.sources_dir, options.manifest_path);
        std::error_code ec;
        if (!fs::exists(full, ec)) continue;
        const bool from_manifest_folder = relative.rfind(manifest_prefix, 0) == 0;
        const fs::path target = resolved(full);
        bool inside = false;
        for (const fs::path& root : allowed_roots(manifest, options, from_manifest_folder)) {
            inside = inside || is_inside(target, root);
        }
        if (!inside) {
            throw DataError({options.manifest_path, "", ""},
                            "source '" + relative + "' resolves to '" + target.string() +
                                "', outside " + describe_roots(manifest, from_manifest_folder) +
                                "; to read it from there, list its folder in \"source_roots\"");
        }
    }
}

void check_output_is_not_input(const Manifest& manifest, const BuildOptions& options) {
    const fs::path output = resolved(options.output_path);
    std::vector<std::pair<std::string, std::string>> inputs{
        {"the manifest", options.manifest_path}};
    for (const std::string& relative : source_paths(manifest)) {
        inputs.emplace_back("source '" + relative + "'",
                            resolve_source(relative, options.sources_dir, options.manifest_path));
    }
    for (const auto& [what, path] : inputs) {
        std::error_code ec;
        const bool same = resolved(path) == output || fs::equivalent(path, output, ec);
        if (same) {
            throw InvalidInput("-o '" + options.output_path + "' is " + what + " ('" + path +
                               "'): the build would replace it; choose another output path");
        }
    }
}

std::string temporary_path_beside(const std::string& output) {
    const fs::path dir = folder_of(output);
    if (!fs::is_directory(dir)) {
        throw InvalidInput("output folder '" + dir.string() + "' does not exist");
    }
    const std::string name = "." + fs::path(output).filename().string() + ".building-";
    return (dir / (name + std::to_string(getpid()))).string();
}

int remove_stale_temporaries(const std::string& output) {
    const fs::path dir = folder_of(output);
    const std::string prefix = "." + fs::path(output).filename().string() + ".building-";
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!is_process_gone(temporary_pid(name, prefix))) continue;
        std::error_code ignored;
        if (fs::remove(entry.path(), ignored)) ++removed;
    }
    return removed;
}

}  // namespace sna::geo
