#include "server/index/data_index.hpp"

#include "geo/store/access_store.hpp"
#include "server/index/analyses_settings.hpp"
#include "server/index/profile_figures.hpp"
#include "server/index/visibility.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/suppression.hpp"
#include "geo/core/text.hpp"

#include <algorithm>
#include <set>

namespace sna::server {

namespace {

const std::vector<const AreaEntry*> no_areas;

AreaEntry entry_of(const geo::StoredArea& stored) {
    AreaEntry e;
    e.fid = stored.fid;
    e.set_id = stored.area.set_id;
    e.code = stored.area.code;
    e.name = stored.area.name;
    e.parents = stored.parents;
    e.population = stored.area.population;
    e.area_m2 = stored.area.area_m2;
    e.bbox = geo::bbox_of(stored.area.geometry);
    e.label_point = geo::point_on_surface(stored.area.geometry);
    return e;
}

}  // namespace

DataIndex::DataIndex(std::map<std::string, std::string> meta, std::vector<geo::Dataset> datasets,
                     std::vector<std::pair<geo::AreaSet, std::int64_t>> area_sets,
                     std::vector<geo::Indicator> indicators,
                     const std::vector<geo::StoredArea>& areas,
                     std::vector<geo::StoredValue> values, std::vector<geo::NationalValue> national,
                     std::vector<geo::StoredPointLayer> point_layers)
    : DataIndex(
          std::move(meta), std::move(datasets), std::move(area_sets), std::move(indicators), areas,
          [&values](const std::function<void(geo::StoredValue&&)>& each) {
              for (auto& v : values) each(std::move(v));
          },
          std::move(national), std::move(point_layers)) {}

DataIndex::DataIndex(std::map<std::string, std::string> meta, std::vector<geo::Dataset> datasets,
                     std::vector<std::pair<geo::AreaSet, std::int64_t>> area_sets,
                     std::vector<geo::Indicator> indicators,
                     const std::vector<geo::StoredArea>& areas, const ValueFeed& values,
                     std::vector<geo::NationalValue> national,
                     std::vector<geo::StoredPointLayer> point_layers)
    : m_meta(std::move(meta)),
      m_datasets(std::move(datasets)),
      m_area_sets(std::move(area_sets)),
      m_indicators(std::move(indicators)) {
    if (const auto it = m_meta.find("analyses"); it != m_meta.end())
        m_analyses = parse_analyses_settings(it->second);
    for (std::size_t i = 0; i < m_indicators.size(); ++i) m_indicator_index[m_indicators[i].id] = i;
    for (const auto& [set, _] : m_area_sets)
        if (set.level == geo::AreaLevel::local_authority) m_borough_set = set.id;
    for (auto& l : point_layers) {
        const std::string id = l.id;
        m_point_layers.emplace(id, std::move(l));
    }
    for (auto& n : national) {
        auto& by_period = m_national[n.indicator_id];
        const std::string period = n.period;
        by_period.emplace(period, std::move(n));
    }
    m_areas.reserve(areas.size());
    for (const auto& stored : areas) {
        m_area_index[{stored.area.set_id, stored.area.code}] = m_areas.size();
        m_areas.push_back(entry_of(stored));
    }
    for (const auto& a : m_areas) m_by_set[a.set_id].push_back(&a);
    std::map<std::string, int> set_order;
    for (const auto& [set, _] : m_area_sets) set_order[set.id] = geo::coarseness_rank(set.level);
    m_search = AreaSearch(m_areas, std::move(set_order));
    values([this](geo::StoredValue&& v) { m_values.add(std::move(v)); });
    m_values.finish();
    m_figures = std::make_unique<const ProfileFigures>(*this);
}

DataIndex::~DataIndex() = default;

std::string DataIndex::data_version() const {
    const auto it = m_meta.find("data_version");
    return it == m_meta.end() ? "unknown" : it->second;
}

const geo::Dataset* DataIndex::dataset(const std::string& id) const {
    for (const auto& d : m_datasets) {
        if (d.id == id) return &d;
    }
    return nullptr;
}

bool DataIndex::has_set(const std::string& set_id) const {
    return m_by_set.count(set_id) > 0;
}

std::vector<std::string> DataIndex::point_layers_of_kind(const std::string& kind) const {
    std::vector<std::string> out;
    for (const auto& [id, layer] : m_point_layers)
        if (layer.kind == kind) out.push_back(id);
    return out;
}

const geo::StoredPointLayer* DataIndex::point_layer(const std::string& id) const {
    const auto it = m_point_layers.find(id);
    return it == m_point_layers.end() ? nullptr : &it->second;
}

const geo::AreaSet* DataIndex::area_set(const std::string& set_id) const {
    for (const auto& [set, _] : m_area_sets)
        if (set.id == set_id) return &set;
    return nullptr;
}

const AreaEntry* DataIndex::borough_of(const AreaEntry& area) const {
    if (m_borough_set.empty()) return nullptr;
    if (area.set_id == m_borough_set) return &area;
    const auto p = area.parents.find(m_borough_set);
    return p == area.parents.end() ? nullptr : this->area(m_borough_set, p->second);
}

const geo::Indicator* DataIndex::indicator(const std::string& id) const {
    const auto it = m_indicator_index.find(id);
    return it == m_indicator_index.end() ? nullptr : &m_indicators[it->second];
}

const AreaEntry* DataIndex::area(const std::string& set_id, const std::string& code) const {
    const auto it = m_area_index.find({set_id, code});
    return it == m_area_index.end() ? nullptr : &m_areas[it->second];
}

std::vector<const AreaEntry*> DataIndex::areas_with_code(const std::string& code) const {
    std::vector<const AreaEntry*> out;
    for (const auto& [set, _] : m_area_sets) {
        if (const AreaEntry* a = area(set.id, code)) out.push_back(a);
    }
    return out;
}

const std::vector<const AreaEntry*>& DataIndex::areas_in_set(const std::string& set_id) const {
    const auto it = m_by_set.find(set_id);
    return it == m_by_set.end() ? no_areas : it->second;
}

ComparatorValue DataIndex::comparator(const std::string& indicator_id, const std::string& period,
                                      const std::string& parent_set,
                                      const std::string& parent_code) const {
    const geo::Indicator* ind = indicator(indicator_id);
    if (ind && m_figures) {
        if (const ComparatorValue* c = m_figures->comparator(*ind, period, parent_set, parent_code))
            return *c;
    }
    return compute_comparator(indicator_id, period, parent_set, parent_code);
}

ComparatorValue DataIndex::compute_comparator(const std::string& indicator_id,
                                              const std::string& period,
                                              const std::string& parent_set,
                                              const std::string& parent_code) const {
    const geo::Indicator* ind = indicator(indicator_id);
    if (!ind) return {};
    const auto method = geo::method_for(*ind);
    if (!method)
        return {std::nullopt,
                "not aggregated (" + (ind->pooling.empty() ? ind->value_kind : ind->pooling) + ")",
                0, std::nullopt, std::nullopt};
    std::vector<geo::AggregateInput> inputs;
    for (const AreaEntry* a : areas_in_set(ind->set_id)) {
        if (!parent_set.empty()) {
            const auto p = a->parents.find(parent_set);
            if (p == a->parents.end() || p->second != parent_code) continue;
        }
        const std::optional<ValueEntry> v = value(indicator_id, a->code, period);
        if (v && v->value)
            inputs.push_back({*v->value, a->population, v->numerator, v->denominator});
    }
    return pool_comparator(*ind, *method, inputs);
}

double DataIndex::suppression_threshold(const geo::Indicator& indicator) const {
    const geo::Dataset* d = dataset(indicator.dataset_id);
    return d ? d->suppress_below : geo::default_suppression_threshold;
}

std::optional<std::string> DataIndex::suppressed(const geo::Indicator& indicator,
                                                 const ValueEntry& value) const {
    const double threshold = suppression_threshold(indicator);
    if (!geo::is_small_count(
            geo::underlying_count(indicator.value_kind, value.value, value.numerator), threshold))
        return std::nullopt;
    return geo::suppression_reason(threshold);
}

std::optional<std::string> DataIndex::suppressed(const geo::Indicator& indicator,
                                                 const ComparatorValue& value) const {
    const double threshold = suppression_threshold(indicator);
    if (!geo::is_small_count(
            geo::underlying_count(indicator.value_kind, value.value, value.numerator), threshold))
        return std::nullopt;
    return geo::suppression_reason(threshold);
}

std::optional<std::string> DataIndex::suppressed_attribute(const std::string& layer,
                                                           const std::string& attribute,
                                                           double value) const {
    const auto it = m_point_layers.find(layer);
    if (it == m_point_layers.end()) return std::nullopt;
    const auto& counts = it->second.count_attributes;
    if (std::find(counts.begin(), counts.end(), attribute) == counts.end()) return std::nullopt;
    const geo::Dataset* d = dataset(it->second.dataset_id);
    const double threshold = d ? d->suppress_below : geo::default_suppression_threshold;
    if (!geo::is_small_count(value, threshold)) return std::nullopt;
    return geo::suppression_reason(threshold);
}

NationalComparator DataIndex::national(const std::string& indicator_id,
                                       const std::string& period) const {
    NationalComparator out;
    const geo::Indicator* ind = indicator(indicator_id);
    const auto found = m_national.find(indicator_id);
    if (found != m_national.end()) {
        const auto& rows = found->second;
        auto it = rows.find(period);
        if (it == rows.end()) it = rows.find("");
        if (it != rows.end()) {
            const geo::NationalValue& n = it->second;
            out.row = &n;
            out.value = n.value;
            if (ind && n.numerator && n.denominator && *n.denominator > 0) {
                if (ind->value_kind == "rate" || ind->value_kind == "percentage" ||
                    ind->value_kind == "proportion")
                    out.value = geo::value_of_ratio(*ind, *n.numerator, *n.denominator);
            }
            if (!out.value) out.reason = n.note.empty() ? "no " + n.area_name + " value" : n.note;
            return out;
        }
        out.reason = "no England value for period '" + period + "' in the sources";
        return out;
    }
    if (ind && (ind->value_kind == "rank" || ind->value_kind == "decile")) {
        out.reason = "a national rank or decile has no England value";
    } else {
        out.reason = "no England value in the sources for this indicator";
    }
    return out;
}

std::unique_ptr<DataIndex> DataIndex::load(geo::Database& db,
                                           const std::vector<geo::StoredArea>& areas,
                                           const std::set<std::string>& groups) {
    const Visibility visibility(geo::read_access_rules(db), groups);
    std::vector<geo::Indicator> indicators = geo::read_indicators(db);
    const std::vector<geo::Indicator> all_indicators = indicators;
    indicators.erase(std::remove_if(indicators.begin(), indicators.end(),
                                    [&](const auto& i) { return !visibility.sees(i); }),
                     indicators.end());
    std::set<std::string> visible;
    for (const auto& i : indicators) visible.insert(i.id);
    const ValueFeed values = [&](const std::function<void(geo::StoredValue &&)>& each) {
        geo::for_each_value(db, [&](geo::StoredValue&& v) {
            if (visible.count(v.indicator_id)) each(std::move(v));
        });
    };
    auto national = geo::read_national_values(db);
    national.erase(std::remove_if(national.begin(), national.end(),
                                  [&](const auto& n) { return !visible.count(n.indicator_id); }),
                   national.end());
    auto layers = geo::read_point_layers(db);
    const auto all_layers = layers;
    layers.erase(std::remove_if(layers.begin(), layers.end(),
                                [&](const auto& l) { return !visibility.sees(l); }),
                 layers.end());
    auto area_sets = geo::read_area_sets(db);
    // A reserved dataset stays out unless something this tier sees cites it (an indicator made
    // public on its own), so not even its title reaches another tier.
    std::set<std::string> cited;
    for (const auto& i : indicators) cited.insert(i.dataset_id);
    for (const auto& l : layers) cited.insert(l.dataset_id);
    for (const auto& [set, _] : area_sets) cited.insert(set.dataset_id);
    auto datasets = geo::read_datasets(db);
    datasets.erase(std::remove_if(datasets.begin(), datasets.end(),
                                  [&](const auto& d) {
                                      return !visibility.sees_dataset(d.id) && !cited.count(d.id);
                                  }),
                   datasets.end());
    std::unique_ptr<DataIndex> index(new DataIndex(geo::read_meta(db), std::move(datasets),
                                                   std::move(area_sets), std::move(indicators),
                                                   areas, values, std::move(national), layers));
    index->m_reservations = visibility.reservations(all_indicators, all_layers, index->m_analyses);
    index->m_analyses = visibility.analyses(index->m_analyses, layers, visible);
    index->m_tier = visibility.tier();
    return index;
}

}  // namespace sna::server
