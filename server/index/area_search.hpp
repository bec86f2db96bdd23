#pragma once
/// Search over the names and codes of every area set, prepared once at start-up: exact, prefix,
/// word, then fuzzy matches (geo/core/name_match.hpp), and partial-word matches only when
/// nothing better is found.

#include "geo/core/name_match.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace sna::server {

struct AreaEntry;

/// One result: the area and how it matched.
struct AreaHit {
    const AreaEntry* area = nullptr;
    geo::NameMatch match;
};

class AreaSearch {
public:
    AreaSearch() = default;
    /// Prepares `areas` (which must outlive the search); `set_order` ranks sets within a kind of
    /// match (lower first: boroughs before wards before LSOAs), unknown sets last.
    AreaSearch(const std::vector<AreaEntry>& areas, std::map<std::string, int> set_order);

    /// At most `limit` hits, best first: by kind of match (fuzzy by fewer edits, partial by
    /// more words matched), then coarser sets first, newer vintages of a level first (set ids
    /// descending: lsoa21 before lsoa11), then by name.
    std::vector<AreaHit> find(const std::string& query, std::size_t limit) const;

private:
    struct Entry {
        const AreaEntry* area;
        geo::SearchableName code;
        geo::SearchableName name;
        int set_order;
    };
    std::vector<Entry> m_entries;
};

}  // namespace sna::server
