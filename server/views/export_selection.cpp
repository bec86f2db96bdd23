#include "server/views/export_selection.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <charconv>
#include <cstdio>
#include <set>

namespace sna::server {

namespace {

const std::string no_text;

std::vector<const geo::Indicator*> chosen_indicators(const DataIndex& data, const std::string& set,
                                                     const Query& query) {
    std::vector<const geo::Indicator*> out;
    const auto ids = query.list("indicators");
    if (ids.empty()) {
        for (const auto& i : data.indicators()) {
            if (i.set_id == set) out.push_back(&i);
        }
        return out;
    }
    for (const auto& id : ids) {
        const geo::Indicator* i = data.indicator(id);
        if (!i) throw geo::NotFound("no indicator '" + id + "'");
        if (i->set_id != set) {
            throw geo::InvalidInput("indicator '" + id + "' is published for set '" + i->set_id +
                                    "', not '" + set + "'");
        }
        out.push_back(i);
    }
    return out;
}

/// The borough filter: codes or names of areas in the local-authority set, comma-separated;
/// empty = all.
std::set<std::string> borough_filter(const DataIndex& data, const Query& query) {
    std::set<std::string> codes;
    for (const std::string& la : query.list("la")) {
        const AreaEntry* found = data.area(data.borough_set(), la);
        for (const AreaEntry* a : data.areas_in_set(data.borough_set())) {
            if (!found && geo::to_lower(a->name) == geo::to_lower(la)) found = a;
        }
        if (!found) throw geo::NotFound("no borough '" + la + "'");
        codes.insert(found->code);
    }
    return codes;
}

std::set<std::string> area_filter(const DataIndex& data, const std::string& set,
                                  const Query& query) {
    std::set<std::string> codes;
    for (const auto& code : query.list("areas")) {
        if (!data.area(set, code))
            throw geo::NotFound("no area '" + code + "' in set '" + set + "'");
        codes.insert(code);
    }
    return codes;
}

}  // namespace

std::string number_text(const std::optional<double>& value) {
    if (!value) return "";
    // The shortest text that reads back as the same double: full precision, no noise digits.
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, *value).ptr;
    return std::string(text, end);
}

ExportSelection select_export(const DataIndex& data, const Query& query) {
    ExportSelection out;
    out.set = query.require("set");
    if (!data.has_set(out.set)) throw geo::NotFound("no area set '" + out.set + "'");
    out.indicators = chosen_indicators(data, out.set, query);
    out.boroughs = borough_filter(data, query);
    out.areas = area_filter(data, out.set, query);
    out.period = query.get_or("period", "");
    return out;
}

ExportCursor::ExportCursor(const DataIndex& data, const ExportSelection& selection)
    : m_data(&data), m_selection(&selection), m_areas(&data.areas_in_set(selection.set)) {
    enter_indicator();
}

const ExportRow* ExportCursor::next() {
    const ValueEntry* v = next_value();
    if (!v) return nullptr;
    m_row.value = v;
    m_row.suppressed = m_data->suppressed(*m_row.indicator, *v).has_value();
    return &m_row;
}

bool ExportCursor::skip() {
    return next_value() != nullptr;
}

/// Starts the indicator at m_indicator (from its first area); false past the last.
bool ExportCursor::enter_indicator() {
    m_area = 0;
    m_in_series = false;
    if (m_indicator >= m_selection->indicators.size()) return false;
    m_row.indicator = m_selection->indicators[m_indicator];
    m_period = m_selection->period.empty() ? m_data->default_period(m_row.indicator->id)
                                           : m_selection->period;
    return true;
}

/// Moves to the first area at or after m_area that passes the filters and loads its series;
/// false when the indicator has no more areas.
bool ExportCursor::enter_area() {
    const ExportSelection& s = *m_selection;
    for (; m_area < m_areas->size(); ++m_area) {
        const AreaEntry* a = (*m_areas)[m_area];
        if (!s.areas.empty() && !s.areas.count(a->code)) continue;
        const AreaEntry* borough = m_data->borough_of(*a);
        if (!s.boroughs.empty() && !(borough && s.boroughs.count(borough->code))) continue;
        m_row.area = a;
        m_row.borough_code = borough ? &borough->code : &no_text;
        m_row.borough_name = borough ? &borough->name : &no_text;
        m_series = m_data->series(m_row.indicator->id, a->code);
        m_in_series = true;
        m_value = 0;
        return true;
    }
    return false;
}

/// The next value in indicator, area, period order that the period filter keeps.
const ValueEntry* ExportCursor::next_value() {
    while (m_indicator < m_selection->indicators.size()) {
        if (m_in_series) {
            while (m_value < m_series.size()) {
                const ValueEntry& v = m_series[m_value++];
                if (m_period == "all" || v.period == m_period) return &v;
            }
            m_in_series = false;
            ++m_area;
        }
        if (!enter_area()) {
            ++m_indicator;
            enter_indicator();
        }
    }
    return nullptr;
}

std::size_t count_export_rows(const DataIndex& data, const ExportSelection& selection,
                              const std::function<void()>& check) {
    constexpr std::size_t check_every = 4096;
    ExportCursor cursor(data, selection);
    std::size_t rows = 0;
    while (cursor.skip()) {
        if (++rows % check_every == 0 && check) check();
    }
    return rows;
}

std::set<std::string> export_reserved(const DataIndex& data, const ExportSelection& selection) {
    std::vector<std::string> ids;
    for (const geo::Indicator* i : selection.indicators) ids.push_back(i->id);
    return data.reservations().seen_among(ids);
}

}  // namespace sna::server
