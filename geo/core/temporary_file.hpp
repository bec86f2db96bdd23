#pragma once
/// A file written under a temporary name and removed unless released: the half of "write to a
/// temporary file, rename it into place" that cleans up when the work fails (docs/style.md §8.8).

#include <filesystem>
#include <string>
#include <system_error>

namespace sna::geo {

/// Removes the file (and any SQLite journal beside it) when destroyed, unless released.
class TemporaryFile {
public:
    explicit TemporaryFile(std::string path) : m_path(std::move(path)) {}
    ~TemporaryFile() { remove(); }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return m_path; }
    /// Keeps the file: it has been renamed into place or handed on.
    void release() { m_path.clear(); }
    /// Removes the file now, when it is no longer needed (errors are ignored, as on destruction).
    void remove() noexcept {
        if (m_path.empty()) return;
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
        std::filesystem::remove(m_path + "-journal", ignored);
        m_path.clear();
    }

private:
    std::string m_path;
};

}  // namespace sna::geo
