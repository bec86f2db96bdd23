#pragma once
/// The per-area parts of the analysis answers (/api/composite, /api/hotspots) written as JSON
/// text, and the shape a client asks for: `format` (1: `by_feature_id` an object keyed by feature
/// id; 2: an array from `feature_id_base`) and `fields` (the top-level members to send).

#include "server/http/query.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/data_index.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sna::server {

struct AnswerShape {
    int format = 1;
    std::optional<std::set<std::string>> fields;  ///< none = every member
    bool wants(const std::string& member) const { return !fields || fields->count(member) > 0; }
};

/// `format=1|2` (default 1) and `fields=name,...` among `members`.
/// @throws geo::InvalidInput naming the parameter and the allowed values.
AnswerShape parse_answer_shape(const Query& query, const std::vector<std::string>& members);

/// Appends area k's value (position in the set's areas) as JSON text; false when the area has
/// none (left out of a format-1 map, null in a format-2 array).
using AreaValueWriter = std::function<bool(std::size_t, std::string&)>;

/// `{"CODE": value, …}` in code order.
std::string values_by_code(const std::vector<const AreaEntry*>& areas, const SetOrder& order,
                           const AreaValueWriter& write);

/// Format 1: `{"fid": value, …}`, keys in text order; format 2: `[value|null, …]` for feature
/// ids order.fid_base, order.fid_base + 1, ….
std::string values_by_feature_id(const std::vector<const AreaEntry*>& areas, const SetOrder& order,
                                 int format, const AreaValueWriter& write);

}  // namespace sna::server
