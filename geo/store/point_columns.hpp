#pragma once
/// The points of one layer held column by column: what the server keeps in memory for millions
/// of incidents. A point costs about 70 bytes here (fid, lon/lat, its id's characters and a
/// 32-bit index per repeated string and joined area) instead of about 1.7 KB as a StoredPoint
/// with its own strings and map; the server's tiers share one copy (server/index/world.hpp).

#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sna::geo {

/// Strings kept once each; rows hold their 32-bit index (categories, periods, attributes, codes).
class StringDictionary {
public:
    StringDictionary() = default;
    StringDictionary(StringDictionary&&) = default;  // the deque's strings, so the views, stay put
    StringDictionary& operator=(StringDictionary&&) = default;
    StringDictionary(const StringDictionary&) = delete;
    StringDictionary& operator=(const StringDictionary&) = delete;

    std::uint32_t add(std::string_view text);
    const std::string& at(std::uint32_t id) const { return m_values[id]; }
    std::size_t size() const { return m_values.size(); }

private:
    std::deque<std::string> m_values;  ///< never moved: m_ids views their characters
    std::unordered_map<std::string_view, std::uint32_t> m_ids;
};

/// Strings packed end to end, one per row: ids and names, mostly distinct.
class PackedStrings {
public:
    /// @throws DataError when the characters would pass 4 GiB.
    void push_back(std::string_view text);
    /// Room for `rows` strings (their characters still grow as they come).
    void reserve(std::size_t rows);
    std::string_view at(std::size_t row) const;
    std::size_t size() const { return m_ends.size(); }

private:
    std::string m_chars;
    std::vector<std::uint32_t> m_ends;
};

class PointColumns {
public:
    /// No code for this point in this set (outside every area, or not joined).
    static constexpr std::uint32_t no_area = UINT32_MAX;

    /// An empty layer whose points may be joined to `area_sets` (sorted here).
    PointColumns(std::string layer, std::vector<std::string> area_sets);

    /// Room for `rows` points, so millions of them leave no growth slack behind.
    void reserve(std::size_t rows);
    /// Appends a point with no areas; returns its row.
    std::size_t add(std::int64_t fid, const PointRecord& record);
    /// Sets the code of row `row` in area set `set` (an index into area_sets()).
    void set_area(std::size_t row, std::size_t set, std::string_view code);

    std::size_t size() const { return m_fids.size(); }
    const std::string& layer() const { return m_layer; }
    std::int64_t fid(std::size_t row) const { return m_fids[row]; }
    const std::vector<std::int64_t>& fids() const { return m_fids; }
    const Point& location(std::size_t row) const { return m_locations[row]; }
    const std::vector<Point>& locations() const { return m_locations; }
    std::string_view source_id(std::size_t row) const { return m_source_ids.at(row); }
    std::string_view name(std::size_t row) const { return m_names.at(row); }
    const std::string& kind(std::size_t row) const { return m_strings.at(m_kinds[row]); }
    const std::string& category(std::size_t row) const { return m_strings.at(m_categories[row]); }
    const std::string& period(std::size_t row) const { return m_strings.at(m_periods[row]); }
    bool approximate(std::size_t row) const { return m_approximate[row] != 0; }
    /// The row's attributes JSON as an index into attributes(): many points share one text.
    std::uint32_t attributes_id(std::size_t row) const { return m_attributes[row]; }
    const StringDictionary& attributes() const { return m_attribute_texts; }

    /// Every area set a point may be joined to, in id order.
    const std::vector<std::string>& area_sets() const { return m_area_sets; }
    /// The row's code in area_sets()[set], or nullptr.
    const std::string* area_code(std::size_t row, std::size_t set) const;

    /// One row as the record the build wrote (source_row is not kept: 0).
    StoredPoint point(std::size_t row) const;

private:
    std::string m_layer;
    std::vector<std::string> m_area_sets;
    std::vector<std::int64_t> m_fids;
    std::vector<Point> m_locations;
    PackedStrings m_source_ids;
    PackedStrings m_names;
    StringDictionary m_strings;  ///< kinds, categories and periods
    std::vector<std::uint32_t> m_kinds, m_categories, m_periods;
    StringDictionary m_attribute_texts;
    std::vector<std::uint32_t> m_attributes;
    std::vector<std::uint8_t> m_approximate;
    StringDictionary m_codes;
    std::vector<std::uint32_t> m_areas;  ///< row * area_sets().size() + set → code, or no_area
};

/// Every point layer's points in fid order, with their areas: one scan of `points` and one of
/// `point_areas`. Layers of `layers` without points get an empty store.
std::map<std::string, PointColumns> read_point_columns(Database& db,
                                                       const std::vector<StoredPointLayer>& layers);

}  // namespace sna::geo
