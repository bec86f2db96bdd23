#pragma once
/// Everything the JSON API answers from, loaded once at start-up so no request runs SQL.

#include "geo/core/analyses_spec.hpp"
#include "geo/core/geometry.hpp"
#include "geo/core/model.hpp"
#include "geo/store/store_reader.hpp"
#include "server/index/area_search.hpp"
#include "server/index/reservations.hpp"
#include "server/index/value_store.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::server {

class ProfileFigures;

struct AreaEntry {
    std::int64_t fid = 0;  ///< the vector-tile feature id
    std::string set_id;
    std::string code;
    std::string name;
    std::map<std::string, std::string> parents;  ///< parent set → code
    std::optional<double> population;
    double area_m2 = 0;
    geo::BBox bbox;
    geo::Point label_point;  ///< a point inside the area
};

/// An aggregate of an indicator over a parent area (a borough) or the whole region.
struct ComparatorValue {
    std::optional<double> value;
    std::string method;
    std::size_t areas = 0;
    std::optional<double> numerator;  ///< summed, when the value is a ratio of sums
    std::optional<double> denominator;
};

/// An indicator's England comparator for one period, or why there is none.
struct NationalComparator {
    const geo::NationalValue* row = nullptr;  ///< the stored row (value, source, note)
    /// The value compared with: recomputed from the published numerator and denominator on the
    /// indicator's scale when both are given (published rates are rounded), else as published.
    std::optional<double> value;
    std::string reason;  ///< why there is no value (when `value` is empty)
};

class DataIndex {
public:
    /// Builds the index; takes the areas (with geometry, for bboxes and label points).
    DataIndex(std::map<std::string, std::string> meta, std::vector<geo::Dataset> datasets,
              std::vector<std::pair<geo::AreaSet, std::int64_t>> area_sets,
              std::vector<geo::Indicator> indicators, const std::vector<geo::StoredArea>& areas,
              std::vector<geo::StoredValue> values, std::vector<geo::NationalValue> national = {},
              std::vector<geo::StoredPointLayer> point_layers = {});
    ~DataIndex();
    /// Not copied or moved: the precomputed figures refer to it.
    DataIndex(const DataIndex&) = delete;
    DataIndex& operator=(const DataIndex&) = delete;

    /// Loads what callers in `groups` may see from an open database (its access rules against
    /// the groups; the default is the public tier): indicators, their values and England values,
    /// point layers and the analyses (visibility.hpp).
    static std::unique_ptr<DataIndex> load(geo::Database& db,
                                           const std::vector<geo::StoredArea>& areas,
                                           const std::set<std::string>& groups = {});

    const std::map<std::string, std::string>& meta() const { return m_meta; }
    /// The analyses settings the database was built with (empty for older databases).
    const geo::AnalysesSpec& analyses() const { return m_analyses; }
    std::string data_version() const;
    /// The tier this index was filtered for: "public" or the caller groups ("partner").
    const std::string& tier() const { return m_tier; }
    /// What is reserved to groups that this tier sees or does not (reservations.hpp).
    const Reservations& reservations() const { return m_reservations; }
    const std::vector<geo::Dataset>& datasets() const { return m_datasets; }
    const geo::Dataset* dataset(const std::string& id) const;
    const std::vector<std::pair<geo::AreaSet, std::int64_t>>& area_sets() const {
        return m_area_sets;
    }
    bool has_set(const std::string& set_id) const;
    /// The set's description, or nullptr for an unknown id.
    const geo::AreaSet* area_set(const std::string& set_id) const;
    /// The id of the local-authority set (the manifest's `level`), which borough comparators,
    /// borough filters and outlines use; empty when the data has none.
    const std::string& borough_set() const { return m_borough_set; }
    /// The borough an area lies in (itself for a borough), or nullptr.
    const AreaEntry* borough_of(const AreaEntry& area) const;
    const std::vector<geo::Indicator>& indicators() const { return m_indicators; }
    /// Ids of the point layers of a kind ("school", "incident", "service"), in id order.
    std::vector<std::string> point_layers_of_kind(const std::string& kind) const;
    /// A point layer this tier sees, or nullptr.
    const geo::StoredPointLayer* point_layer(const std::string& id) const;
    const geo::Indicator* indicator(const std::string& id) const;

    const AreaEntry* area(const std::string& set_id, const std::string& code) const;
    /// Areas with this code in any set (LSOA 2011 and 2021 share most codes).
    std::vector<const AreaEntry*> areas_with_code(const std::string& code) const;
    const std::vector<const AreaEntry*>& areas_in_set(const std::string& set_id) const;

    /// Periods with values, oldest first.
    const std::vector<std::string>& periods(const std::string& indicator_id) const {
        return m_values.periods(indicator_id);
    }
    /// The newest period with no incomplete flag (or the newest when all are flagged).
    std::string default_period(const std::string& indicator_id) const {
        return m_values.default_period(indicator_id);
    }
    std::optional<ValueEntry> value(const std::string& indicator_id, const std::string& code,
                                    const std::string& period) const {
        return m_values.value(indicator_id, code, period);
    }
    /// All periods of one area, oldest first (empty when none).
    std::vector<ValueEntry> series(const std::string& indicator_id, const std::string& code) const {
        return m_values.series(indicator_id, code);
    }

    /// The indicator aggregated over the areas of its set inside `parent` (set, code) or, with an
    /// empty parent, over the whole set (the region): a lookup for the default period (computed
    /// at start-up by ProfileFigures), else computed.
    ComparatorValue comparator(const std::string& indicator_id, const std::string& period,
                               const std::string& parent_set, const std::string& parent_code) const;
    /// The same, always computed from the values (the reference the precomputed figures match).
    ComparatorValue compute_comparator(const std::string& indicator_id, const std::string& period,
                                       const std::string& parent_set,
                                       const std::string& parent_code) const;

    /// The small-number threshold of the indicator's dataset (0 = suppression off).
    double suppression_threshold(const geo::Indicator& indicator) const;
    /// Why a value must be withheld from public output (docs/methods.md §10), or nullopt.
    std::optional<std::string> suppressed(const geo::Indicator& indicator,
                                          const ValueEntry& value) const;
    /// Same for an aggregate (a borough or region total can be small too).
    std::optional<std::string> suppressed(const geo::Indicator& indicator,
                                          const ComparatorValue& value) const;

    /// Why a point attribute (e.g. a school's permanent exclusions) must be withheld: it is one
    /// of the layer's count attributes and a small count under its dataset's rule; or nullopt.
    std::optional<std::string> suppressed_attribute(const std::string& layer,
                                                    const std::string& attribute,
                                                    double value) const;

    /// The England value of an indicator for a period (a period-less row applies to all).
    NationalComparator national(const std::string& indicator_id, const std::string& period) const;

    /// Comparators, pooled values and positions of the profiles, precomputed at start-up.
    const ProfileFigures& figures() const { return *m_figures; }

    /// Names and codes across all sets (area_search.hpp): exact, prefix, word and fuzzy
    /// matches, partial-word matches when there is nothing better.
    std::vector<AreaHit> search(const std::string& query, std::size_t limit) const {
        return m_search.find(query, limit);
    }

private:
    /// Calls its argument once per value: how load() streams the values in without holding
    /// them all (a national database has millions).
    using ValueFeed = std::function<void(const std::function<void(geo::StoredValue&&)>&)>;
    DataIndex(std::map<std::string, std::string> meta, std::vector<geo::Dataset> datasets,
              std::vector<std::pair<geo::AreaSet, std::int64_t>> area_sets,
              std::vector<geo::Indicator> indicators, const std::vector<geo::StoredArea>& areas,
              const ValueFeed& values, std::vector<geo::NationalValue> national,
              std::vector<geo::StoredPointLayer> point_layers);

    std::map<std::string, std::string> m_meta;
    std::string m_borough_set;
    std::string m_tier = "public";
    Reservations m_reservations;
    geo::AnalysesSpec m_analyses;
    std::vector<geo::Dataset> m_datasets;
    std::vector<std::pair<geo::AreaSet, std::int64_t>> m_area_sets;
    std::vector<geo::Indicator> m_indicators;
    std::unordered_map<std::string, std::size_t> m_indicator_index;
    std::vector<AreaEntry> m_areas;
    std::map<std::pair<std::string, std::string>, std::size_t> m_area_index;
    std::unordered_map<std::string, std::vector<const AreaEntry*>> m_by_set;
    ValueStore m_values;
    std::map<std::string, geo::StoredPointLayer> m_point_layers;
    /// indicator → national rows, by period ("" = every period)
    std::unordered_map<std::string, std::map<std::string, geo::NationalValue>> m_national;
    AreaSearch m_search;                              ///< over m_areas
    std::unique_ptr<const ProfileFigures> m_figures;  ///< built last, from everything above
};

}  // namespace sna::server
