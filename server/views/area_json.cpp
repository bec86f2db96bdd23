#include "server/views/area_json.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/views/json_text.hpp"

#include <algorithm>

namespace sna::server {

AnswerShape parse_answer_shape(const Query& query, const std::vector<std::string>& members) {
    AnswerShape shape;
    shape.format = static_cast<int>(query.integer("format", 1, 1, 2));
    const auto fields = query.get("fields");
    if (!fields) return shape;
    shape.fields.emplace();
    std::size_t start = 0;
    while (start <= fields->size()) {
        const std::size_t comma = std::min(fields->find(',', start), fields->size());
        const std::string name(geo::trim(fields->substr(start, comma - start)));
        start = comma + 1;
        if (name.empty()) continue;
        if (std::find(members.begin(), members.end(), name) == members.end()) {
            std::string allowed;
            for (const auto& m : members) allowed += (allowed.empty() ? "" : ", ") + m;
            throw geo::InvalidInput("query parameter 'fields': no member '" + name +
                                    "' (one of: " + allowed + ")");
        }
        shape.fields->insert(name);
    }
    return shape;
}

namespace {

/// Area codes are plain ASCII: written between quotes as they are, as dump() would write them;
/// anything else goes through dump()'s escaping.
void append_key(std::string& out, const std::string& key) {
    const bool plain = std::all_of(key.begin(), key.end(), [](char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
        json_text::append_json(out, key);
        return;
    }
    out += '"';
    out += key;
    out += '"';
}

/// Room for the text of n areas' entries of about `each` bytes, so the string grows once.
std::string reserved(std::size_t n, std::size_t each) {
    std::string out;
    out.reserve(n * each + 2);
    return out;
}

}  // namespace

std::string values_by_code(const std::vector<const AreaEntry*>& areas, const SetOrder& order,
                           const AreaValueWriter& write) {
    std::string out = reserved(areas.size(), 140);
    out += '{';
    std::string value;
    for (const std::uint32_t k : order.by_code) {
        value.clear();
        if (!write(k, value)) continue;
        if (out.size() > 1) out += ',';
        append_key(out, areas[k]->code);
        out += ':';
        out += value;
    }
    out += '}';
    return out;
}

std::string values_by_feature_id(const std::vector<const AreaEntry*>& areas, const SetOrder& order,
                                 int format, const AreaValueWriter& write) {
    std::string out = reserved(areas.size(), 32);
    std::string value;
    if (format == 1) {
        out += '{';
        for (const std::uint32_t k : order.by_fid_text) {
            value.clear();
            if (!write(k, value)) continue;
            if (out.size() > 1) out += ',';
            out += '"';
            json_text::append_integer(out, areas[k]->fid);
            out += "\":";
            out += value;
        }
        return out + '}';
    }
    std::vector<std::string> slots(order.fid_span, "null");
    for (std::size_t k = 0; k < areas.size(); ++k) {
        value.clear();
        if (write(k, value))
            slots[static_cast<std::size_t>(areas[k]->fid - order.fid_base)] = value;
    }
    out += '[';
    for (std::size_t k = 0; k < slots.size(); ++k) {
        if (k > 0) out += ',';
        out += slots[k];
    }
    return out + ']';
}

}  // namespace sna::server
