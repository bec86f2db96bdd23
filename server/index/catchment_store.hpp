#pragma once
/// Catchments by content address: each is kept once under the id of its normalised shape, so
/// /api/catchments/{id} is a permalink (no accounts). On disk (config.catchments_dir: one
/// GeoJSON Feature per file, written under a temporary name and renamed into place) or, with no
/// directory, in memory. Bounded by a count either way. Thread-safe.

#include "geo/core/geometry.hpp"
#include "server/index/recent_cache.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sna::server {

struct StoredCatchment {
    std::string id;             ///< shape_digest of the normalised shape (32 hex digits)
    std::string name;           ///< the caller's label (not part of the id)
    nlohmann::json definition;  ///< how it was defined: {"kind": "radius", …}
    geo::MultiPolygon shape;    ///< lon/lat, normalised
};

class CatchmentStore {
public:
    /// `dir` empty: in memory. An existing directory's catchments are counted, not read.
    /// @throws geo::InvalidInput when `dir` cannot be created or read.
    CatchmentStore(std::string dir, std::size_t max_count);

    enum class Put { created, existed, full };
    /// Keeps `catchment` unless one with its id is kept already (the first name stays).
    /// @throws geo::Error when the file cannot be written.
    Put put(const StoredCatchment& catchment);

    /// The catchment with this id, or nullptr (an id that is not 32 hex digits is never looked
    /// up on disk). @throws geo::Error for a stored file that cannot be read.
    std::shared_ptr<const StoredCatchment> get(const std::string& id) const;

    std::size_t size() const;
    static bool is_id(const std::string& text);

private:
    std::string path_of(const std::string& id) const;
    std::shared_ptr<const StoredCatchment> read_file(const std::string& id) const;

    std::string m_dir;
    std::size_t m_max;
    mutable std::mutex m_mutex;
    std::size_t m_count = 0;  ///< files in m_dir (when set)
    std::map<std::string, std::shared_ptr<const StoredCatchment>> m_memory;     ///< when no dir
    mutable RecentCache<std::shared_ptr<const StoredCatchment>> m_recent{256};  ///< read files
};

/// The GeoJSON Feature of a stored catchment (its file, and GET /api/catchments/{id}'s core).
nlohmann::json catchment_feature(const StoredCatchment& catchment);

}  // namespace sna::server
