#include "geo/import/manifest_references.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <set>
#include <vector>

namespace sna::geo {

namespace {

/// The declared ids of one kind ("dataset", "area set") and the check that a use names one.
class DeclaredIds {
public:
    DeclaredIds(std::string kind, const std::string& file)
        : m_kind(std::move(kind)), m_file(file) {}

    /// Declares `id`. @throws DataError when `section` declares it twice.
    void declare(const std::string& id, const std::string& section) {
        if (!m_ids.insert(id).second)
            throw DataError({m_file, "", ""}, section + ": duplicate id '" + id + "'");
    }

    /// @throws DataError when `id`, used at `where`, was never declared.
    void need(const std::string& id, const std::string& where) const {
        if (m_ids.count(id)) return;
        const auto near = nearest_match(id, std::vector<std::string>(m_ids.begin(), m_ids.end()));
        throw DataError({m_file, "", ""}, where + ": unknown " + m_kind + " '" + id + "'" +
                                              (near ? "; did you mean '" + *near + "'?" : ""));
    }

private:
    std::string m_kind;
    const std::string& m_file;
    std::set<std::string> m_ids;
};

void check_point_references(const Manifest& m, const DeclaredIds& datasets,
                            const DeclaredIds& sets) {
    for (const auto& p : m.points) {
        const std::string at = "points." + p.id;
        datasets.need(p.dataset_id, at);
        if (!p.own_area_set.empty()) sets.need(p.own_area_set, at + ".own_area");
        if (!p.locate_by_set.empty()) sets.need(p.locate_by_set, at + ".locate_by");
        if (!p.locate_fallback_set.empty()) sets.need(p.locate_fallback_set, at + ".locate_by");
        if (p.area_counts) sets.need(p.area_counts->set_id, at + ".area_counts");
    }
}

}  // namespace

void check_manifest_references(const Manifest& m, const std::string& file) {
    DeclaredIds datasets("dataset", file), sets("area set", file), points("point layer", file),
        series("series", file);
    for (const auto& d : m.datasets) datasets.declare(d.id, "datasets");
    for (const auto& s : m.area_sets) sets.declare(s.set.id, "area_sets");
    for (const auto& p : m.points) points.declare(p.id, "points");
    for (const auto& s : m.series) series.declare(s.id, "series");

    for (const auto& s : m.area_sets) datasets.need(s.set.dataset_id, "area_sets." + s.set.id);
    for (const auto& l : m.lookups) {
        for (const auto& link : l.links) {
            sets.need(link.from_set, "lookups (" + l.path + ")");
            sets.need(link.to_set, "lookups (" + l.path + ")");
        }
    }
    for (const auto& t : m.tables) {
        sets.need(t.set_id, "tables (" + t.path + ")");
        datasets.need(t.dataset_id, "tables (" + t.path + ")");
    }
    check_point_references(m, datasets, sets);
    for (const auto& s : m.series) {
        datasets.need(s.dataset_id, "series." + s.id);
        sets.need(s.set_id, "series." + s.id);
        if (!s.group_set.empty()) sets.need(s.group_set, "series." + s.id + ".completeness");
    }
    if (m.postcodes) {
        datasets.need(m.postcodes->dataset_id, "postcodes");
        for (const auto& [set, column] : m.postcodes->areas) sets.need(set, "postcodes.areas");
    }
}

}  // namespace sna::geo
