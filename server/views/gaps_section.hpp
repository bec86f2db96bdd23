#pragma once
/// The evidence packs' section "Areas of highest need more than X km from any service": the
/// high-need areas of a place (a borough, a catchment) that no service reaches, and the share of
/// its high-need residents within reach (gaps_view.hpp computes; this shapes it for people).

#include "geo/render/document.hpp"
#include "server/index/services.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sna::server {

struct AreaEntry;

struct GapSection {
    std::string title;      ///< "Areas of highest need more than 2 km from any service"
    std::string need_text;  ///< what need is and the rule, e.g. "… top 10 % of LSOAs …"
    struct Row {
        std::string rank;  ///< need rank in the region, "1" = highest
        std::string code;
        std::string name;
        std::string value;
        std::string nearest;  ///< "Lozells (Step Together), 2.4 km (approximate location)"
        std::string population;
    };
    std::vector<Row> rows;  ///< the unreached high-need areas, highest need first (at most limit)
    std::size_t unreached = 0;  ///< all of them, shown or not
    std::size_t high_need = 0;  ///< high-need areas among those selected, reached or not
    std::string coverage_text;  ///< "Of the 12,345 residents of its 20 high-need LSOAs, …"
    std::string note;           ///< radii, method and caveats
    std::string layer_id;       ///< the service layer (for the reserved-data notice)
    std::vector<std::string> indicator_ids;  ///< what need is made of (likewise)
};

/// The section for the areas `within` selects (of the analysis' set: the composite preset's,
/// LSOAs), from the packs' default analysis: the composite preset, the top 10 % of need in the
/// region, the manifest's reach of the first service layer the caller's tier sees. nullopt when
/// the tier sees no service layer, the layer has no reach, or the data has no composite preset.
/// A borough pack passes "the area's borough is this one"; a catchment pack "the area overlaps".
std::optional<GapSection> pack_gap_section(const Services& services,
                                           const std::function<bool(const AreaEntry&)>& within,
                                           const std::string& place_name, std::size_t limit = 15);

/// The section as printable HTML (`<section>…</section>`).
std::string gap_section_html(const GapSection& section);

/// The section as blocks of the PDF document (heading, text, table, note).
void add_gap_blocks(geo::Document& doc, const GapSection& section);

}  // namespace sna::server
