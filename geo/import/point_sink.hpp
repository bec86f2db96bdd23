#pragma once
/// The writing half of a point layer's import: each point read and placed (LocatedPoint) is
/// stored with the areas it lies in, counted into areas where the manifest asks, checked against
/// the area its source names, and reported (unjoined points, skipped rows, the layer summary).
/// Reading and placing (import_points.cpp) may run on another thread; this runs on the build's.

#include "geo/analysis/area_locator.hpp"
#include "geo/core/model.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/point_area_counter.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sna::geo {

/// Area set id → its locator; the sink and LocatedPoint::areas follow this map's order.
using Locators = std::map<std::string, std::unique_ptr<AreaLocator>>;

/// A row of a point source as read and placed, before it is written.
struct LocatedPoint {
    enum class Kind { point, filtered, without_coordinates };
    Kind kind = Kind::point;
    PointRecord record;
    std::string own_code;  ///< the area code the source gives (own_area.column), or ""
    std::vector<std::optional<std::size_t>> areas;  ///< per locator: the containing area's index
    std::int64_t line = 0;                          ///< where messages say the row is
};

/// Places `point` in every area set (the point-in-polygon join, in memory; thread-safe).
void locate_areas(const Locators& locators, LocatedPoint& point);

class PointSink {
public:
    PointSink(BuildContext& ctx, const PointSource& spec, const Locators& locators);

    /// Stores a located point (or notes a filtered or skipped row).
    void add(LocatedPoint& point);
    /// Writes the layer's counts and reports, and ends its progress step.
    void finish();

private:
    void store(LocatedPoint& point);
    void note_without_coordinates(std::int64_t line, const std::string& source_id);
    void compare_own_code(const Point& location, const std::optional<std::string>& joined,
                          const std::string& own_code);
    void note_unjoined(const PointRecord& record, const std::string& set_id);
    std::string agreement_text() const;
    /// Every category the manifest gives a reach for must occur in the layer.
    /// @throws DataError naming the manifest key, the file and column, and the categories found
    void check_reach_categories() const;

    BuildContext& m_ctx;
    const PointSource& m_spec;
    const Locators& m_locators;
    std::int64_t m_count = 0, m_checked = 0, m_agreeing = 0, m_within_tolerance = 0;
    std::int64_t m_filtered = 0, m_without_coordinates = 0;
    std::map<std::string, std::int64_t> m_unjoined_by_set;
    /// The layer's reach per category (points[].reach.by_category), or nullptr; and the
    /// categories met, collected only when there is one (service layers are small).
    const std::map<std::string, double>* m_reach_by_category = nullptr;
    std::set<std::string> m_categories;
    std::unique_ptr<PointAreaCounter> m_counter;
    /// The point's area per set, reused from point to point.
    std::vector<std::pair<std::string, std::optional<std::string>>> m_joined;
};

}  // namespace sna::geo
