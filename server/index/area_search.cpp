#include "server/index/area_search.hpp"

#include "server/index/data_index.hpp"

#include <algorithm>
#include <tuple>

namespace sna::server {

namespace {

/// The better of the code's and the name's match.
geo::NameMatch better(geo::NameMatch a, geo::NameMatch b) {
    if (a.kind != b.kind) return a.kind < b.kind ? a : b;
    if (a.kind == geo::NameMatchKind::fuzzy) return a.edits <= b.edits ? a : b;
    return a.matched_words.size() >= b.matched_words.size() ? a : b;
}

/// Lower sorts first: fewer edits for fuzzy matches, more matched words for partial ones.
std::size_t within_kind(const geo::NameMatch& m) {
    if (m.kind == geo::NameMatchKind::fuzzy) return m.edits;
    if (m.kind == geo::NameMatchKind::partial) return 1000 - m.matched_words.size();
    return 0;
}

}  // namespace

AreaSearch::AreaSearch(const std::vector<AreaEntry>& areas, std::map<std::string, int> set_order) {
    m_entries.reserve(areas.size());
    for (const AreaEntry& a : areas) {
        const auto order = set_order.find(a.set_id);
        m_entries.push_back({&a, geo::make_searchable(a.code), geo::make_searchable(a.name),
                             order == set_order.end() ? 99 : order->second});
    }
}

std::vector<AreaHit> AreaSearch::find(const std::string& query, std::size_t limit) const {
    const geo::SearchableName q = geo::make_searchable(query);
    if (q.lower.empty()) return {};
    std::vector<std::pair<const Entry*, geo::NameMatch>> hits;
    bool has_better_than_partial = false;
    for (const Entry& e : m_entries) {
        const geo::NameMatch m = better(geo::match_name(q, e.code), geo::match_name(q, e.name));
        if (m.kind == geo::NameMatchKind::none) continue;
        has_better_than_partial = has_better_than_partial || m.kind < geo::NameMatchKind::partial;
        hits.emplace_back(&e, m);
    }
    // Some words of the query are a fallback: "sutton coldfield" lists the Sutton wards only
    // when no name has both words (or one of them with a typo).
    if (has_better_than_partial) {
        hits.erase(std::remove_if(
                       hits.begin(), hits.end(),
                       [](const auto& h) { return h.second.kind == geo::NameMatchKind::partial; }),
                   hits.end());
    }
    const auto key = [](const std::pair<const Entry*, geo::NameMatch>& h) {
        return std::make_tuple(h.second.kind, within_kind(h.second), h.first->set_order);
    };
    const std::size_t n = std::min(limit, hits.size());
    std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n), hits.end(),
                      [&](const auto& a, const auto& b) {
                          if (key(a) != key(b)) return key(a) < key(b);
                          const AreaEntry& x = *a.first->area;
                          const AreaEntry& y = *b.first->area;
                          if (x.set_id != y.set_id) return x.set_id > y.set_id;
                          return std::tie(x.name, x.code) < std::tie(y.name, y.code);
                      });
    std::vector<AreaHit> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back({hits[i].first->area, hits[i].second});
    return out;
}

}  // namespace sna::server
