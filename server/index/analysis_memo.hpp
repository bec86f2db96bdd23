#pragma once
/// What the composite and hotspot answers are computed from, prepared at start-up: every
/// indicator's composite column for both transforms over its set (so a request only weighs and
/// ranks), each set's output orders, every indicator's default-period Gi* hotspots, and bounded
/// LRU caches of the results that depend on request parameters (custom weights, other periods).

#include "geo/analysis/composite.hpp"
#include "geo/analysis/hotspots.hpp"
#include "server/index/recent_cache.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sna::server {

class DataIndex;
class AnalysisIndex;

/// Orders of a set's areas (positions in DataIndex::areas_in_set) for writing answers.
struct SetOrder {
    std::vector<std::uint32_t> by_code;      ///< sorted by area code (a JSON object's key order)
    std::vector<std::uint32_t> by_fid_text;  ///< sorted by the feature id's decimal text
    std::int64_t fid_base = 0;               ///< the smallest feature id (0 for an empty set)
    std::size_t fid_span = 0;                ///< largest − smallest feature id + 1
    /// Per area, its position in AnalysisIndex::codes(set) (no_position when absent or when
    /// made without the analysis index).
    std::vector<std::uint32_t> to_analysis;
    static constexpr std::uint32_t no_position = UINT32_MAX;
};

SetOrder make_set_order(const DataIndex& data, const std::string& set_id,
                        const AnalysisIndex* analysis = nullptr);

/// Gi* per area, in the order of AnalysisIndex::codes(set).
using GiResults = std::vector<std::optional<geo::GiStar>>;

/// Gi* of an indicator's values for `period` on `set` (rook contiguity).
GiResults compute_hotspots(const DataIndex& data, const AnalysisIndex& analysis,
                           const std::string& indicator_id, const std::string& set_id,
                           const std::string& period);

class AnalysisMemo {
public:
    /// Computes every composite column and set order (not the hotspots: fill_default_hotspots).
    AnalysisMemo(const DataIndex& data, const AnalysisIndex& analysis);

    /// The column of a non-neutral indicator over its set for its default period, or nullptr.
    const geo::CompositeColumn* composite_column(const std::string& indicator_id,
                                                 geo::CompositeTransform transform) const;
    const SetOrder& set_order(const std::string& set_id) const;

    /// The composite result for a normalised request key, computed with `make` when not cached.
    std::shared_ptr<const geo::CompositeResult> composite(
        const std::string& key, const std::function<geo::CompositeResult()>& make) const;

    /// Gi* of an indicator's values on `set` for `period`: default periods from the start-up
    /// memo when filled, others (and all before filling) from a bounded cache.
    /// @pre the indicator is published for `set`
    std::shared_ptr<const GiResults> hotspots(const std::string& indicator_id,
                                              const std::string& set_id,
                                              const std::string& period) const;
    /// Computes every indicator's default-period hotspots on its set (rook contiguity of each
    /// set included); returns how many. Call once, before serving.
    std::size_t fill_default_hotspots();

    /// Composite results and non-default hotspots kept at most (each up to ~1.3 MB for 35,000
    /// areas).
    static constexpr std::size_t recent_results = 16;

private:
    const DataIndex& m_data;
    const AnalysisIndex& m_analysis;
    std::map<std::pair<std::string, geo::CompositeTransform>, geo::CompositeColumn> m_columns;
    std::map<std::string, SetOrder> m_orders;
    /// indicator → default-period Gi*; written only by fill_default_hotspots, before serving
    std::map<std::string, std::shared_ptr<const GiResults>> m_default_hotspots;
    mutable RecentCache<geo::CompositeResult> m_composites{recent_results};
    mutable RecentCache<GiResults> m_hotspots{recent_results};
};

}  // namespace sna::server
