#include "geo/import/manifest_postcodes.hpp"

namespace sna::geo {

void read_postcodes(ObjectReader& top, Manifest& m) {
    top.object("postcodes", [&](ObjectReader& r) {
        PostcodeSource s;
        s.dataset_id = r.required_text("dataset");
        s.paths = r.texts("paths");
        if (s.paths.empty()) r.fail("paths", "list at least one postcode file");
        s.postcode_column = r.text("postcode_column", s.postcode_column);
        s.latitude_column = r.text("latitude_column", s.latitude_column);
        s.longitude_column = r.text("longitude_column", s.longitude_column);
        s.terminated_column = r.text("terminated_column");
        for (const auto& [set, column] : r.text_map("areas")) {
            if (trim(column).empty()) r.fail("areas." + set, "must not be empty");
            s.areas.emplace_back(set, column);
        }
        if (s.areas.empty())
            r.fail("areas",
                   "name at least one area set and its column, e.g. {\"lsoa21\": \"lsoa21\"}");
        m.postcodes = std::move(s);
    });
}

}  // namespace sna::geo
