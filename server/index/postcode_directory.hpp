#pragma once
/// Postcodes and postcode districts from the build's postcode directory (ONSPD layout), for
/// search: a full postcode gives its location and the areas it lies in, a district (outward
/// code, "B19") its centre and extent, "B19 1" the district's postcodes starting so.

#include "geo/core/geometry.hpp"
#include "geo/core/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sna::server {

struct PostcodeDistrict {
    std::string district;  ///< "B19"
    geo::Point centre;     ///< the mean of its postcodes' locations
    geo::BBox bbox;
    std::size_t postcodes = 0;
};

/// One search result: a postcode or a district (exactly one is set).
struct PostcodeHit {
    const geo::StoredPostcode* postcode = nullptr;
    const PostcodeDistrict* district = nullptr;
};

class PostcodeDirectory {
public:
    /// Takes the postcodes read from the database (any order).
    explicit PostcodeDirectory(std::vector<geo::StoredPostcode> postcodes);

    /// Hits for a search text: the postcode itself ("b191hj", "B19 1HJ"); a district ("B19")
    /// and then its first postcodes; or postcodes of a district starting with a partial inward
    /// code ("B19 1"). Empty for anything that is not postcode-like; at most `limit`.
    std::vector<PostcodeHit> find(const std::string& query, std::size_t limit) const;

    std::size_t size() const { return m_postcodes.size(); }
    /// The dataset the postcodes came from (for citations); "" when empty.
    const std::string& dataset_id() const { return m_dataset_id; }

private:
    const PostcodeDistrict* district(const std::string& outward) const;
    void add_district_postcodes(const std::string& outward, const std::string& inward_prefix,
                                std::size_t limit, std::vector<PostcodeHit>& out) const;

    std::vector<geo::StoredPostcode> m_postcodes;  ///< sorted by postcode
    std::vector<PostcodeDistrict> m_districts;     ///< sorted by district
    std::string m_dataset_id;
};

}  // namespace sna::server
