#pragma once
/// Earlier data versions served side by side (config `archives`), so a permalink, embed or report
/// pinned to an older version can say whether its figures have changed since.

#include "server/index/data_index.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sna::server {

/// What changed between two data versions, for all areas or one area code.
struct VersionChanges {
    std::size_t compared = 0;  ///< values present in both
    std::size_t changed = 0;   ///< present in both with a different value
    std::size_t removed = 0;   ///< only in the older version
    std::size_t added = 0;     ///< only in the newer version
    struct Change {
        std::string indicator_id, area_code, period;
        std::optional<double> before, after;
    };
    std::vector<Change> examples;  ///< the first changes, for people to check
};

/// Compares every value of `before` with `after` (same indicator, area code and period);
/// values equal to 1e-9 relative count as unchanged. An empty `code` compares all areas.
VersionChanges compare_versions(const DataIndex& before, const DataIndex& after,
                                const std::string& code, std::size_t max_examples = 50);

class VersionArchive {
public:
    VersionArchive() = default;
    void add(std::unique_ptr<DataIndex> version) { m_versions.push_back(std::move(version)); }
    /// nullptr when this version is not held.
    const DataIndex* find(const std::string& data_version) const;
    const std::vector<std::unique_ptr<DataIndex>>& versions() const { return m_versions; }

private:
    std::vector<std::unique_ptr<DataIndex>> m_versions;
};

}  // namespace sna::server
