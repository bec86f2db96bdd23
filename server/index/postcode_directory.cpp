#include "server/index/postcode_directory.hpp"

#include "geo/core/postcode.hpp"
#include "geo/core/text.hpp"

#include <algorithm>

namespace sna::server {

PostcodeDirectory::PostcodeDirectory(std::vector<geo::StoredPostcode> postcodes)
    : m_postcodes(std::move(postcodes)) {
    std::sort(m_postcodes.begin(), m_postcodes.end(),
              [](const auto& a, const auto& b) { return a.postcode < b.postcode; });
    if (!m_postcodes.empty()) m_dataset_id = m_postcodes.front().dataset_id;
    for (const geo::StoredPostcode& p : m_postcodes) {
        const std::string outward = geo::postcode_district(p.postcode);
        if (m_districts.empty() || m_districts.back().district != outward)
            m_districts.push_back({outward, {0, 0}, {}, 0});
        PostcodeDistrict& d = m_districts.back();
        d.centre.x += p.lon;
        d.centre.y += p.lat;
        d.bbox.expand(geo::Point{p.lon, p.lat});
        ++d.postcodes;
    }
    // Already in order (a space sorts before every letter and digit, so "B1 …" < "B10 …" as
    // "B1" < "B10"); sorted anyway so the lookup below never depends on that.
    std::sort(m_districts.begin(), m_districts.end(),
              [](const auto& a, const auto& b) { return a.district < b.district; });
    for (PostcodeDistrict& d : m_districts) {
        d.centre.x /= static_cast<double>(d.postcodes);
        d.centre.y /= static_cast<double>(d.postcodes);
    }
}

const PostcodeDistrict* PostcodeDirectory::district(const std::string& outward) const {
    const auto it = std::lower_bound(
        m_districts.begin(), m_districts.end(), outward,
        [](const PostcodeDistrict& d, const std::string& key) { return d.district < key; });
    return it != m_districts.end() && it->district == outward ? &*it : nullptr;
}

void PostcodeDirectory::add_district_postcodes(const std::string& outward,
                                               const std::string& inward_prefix, std::size_t limit,
                                               std::vector<PostcodeHit>& out) const {
    const std::string start = outward + " " + inward_prefix;
    auto it = std::lower_bound(
        m_postcodes.begin(), m_postcodes.end(), start,
        [](const geo::StoredPostcode& p, const std::string& key) { return p.postcode < key; });
    for (; it != m_postcodes.end() && out.size() < limit; ++it) {
        if (it->postcode.compare(0, start.size(), start) != 0) break;
        out.push_back({&*it, nullptr});
    }
}

std::vector<PostcodeHit> PostcodeDirectory::find(const std::string& query,
                                                 std::size_t limit) const {
    std::vector<PostcodeHit> out;
    if (limit == 0 || m_postcodes.empty()) return out;
    if (const auto full = geo::normalise_postcode(query)) {
        add_district_postcodes(geo::postcode_district(*full), full->substr(full->find(' ') + 1), 1,
                               out);
        return out;
    }
    if (const auto outward = geo::normalise_postcode_district(query)) {
        const PostcodeDistrict* d = district(*outward);
        if (!d) return out;
        out.push_back({nullptr, d});
        add_district_postcodes(*outward, "", limit, out);
        return out;
    }
    // "B19 1", "b19 1h": a district and the start of an inward code (digit, then letters).
    const std::string text = geo::to_lower(geo::trim(query));
    const auto space = text.find(' ');
    if (space == std::string::npos) return out;
    const auto outward = geo::normalise_postcode_district(text.substr(0, space));
    const std::string inward = geo::compact_postcode(text.substr(space + 1));
    const bool inward_start = !inward.empty() && inward.size() < 3 && inward[0] >= '0' &&
                              inward[0] <= '9' &&
                              (inward.size() == 1 || (inward[1] >= 'A' && inward[1] <= 'Z'));
    if (outward && inward_start) add_district_postcodes(*outward, inward, limit, out);
    return out;
}

}  // namespace sna::server
