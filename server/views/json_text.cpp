#include "server/views/json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace sna::server::json_text {

void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    // The routine dump() itself calls for a finite IEEE double (serializer::dump_float).
    std::array<char, 64> buffer{};
    char* begin = buffer.data();
    const char* end = nlohmann::detail::to_chars(begin, begin + buffer.size(), value);
    out.append(begin, static_cast<std::size_t>(end - begin));
}

void append_integer(std::string& out, std::int64_t value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
}

void append_json(std::string& out, const nlohmann::json& value) {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string merge_object(const nlohmann::json& small, std::vector<RawMember> large) {
    std::vector<RawMember> members = std::move(large);
    for (const auto& [key, value] : small.items()) {
        std::string text;
        append_json(text, value);
        members.emplace_back(key, std::move(text));
    }
    std::sort(members.begin(), members.end(),
              [](const RawMember& a, const RawMember& b) { return a.first < b.first; });
    std::size_t size = 2;
    for (const auto& m : members) size += m.first.size() + m.second.size() + 4;
    std::string out;
    out.reserve(size);
    out += '{';
    for (std::size_t k = 0; k < members.size(); ++k) {
        if (k > 0) out += ',';
        append_json(out, members[k].first);
        out += ':';
        out += members[k].second;
    }
    out += '}';
    return out;
}

}  // namespace sna::server::json_text
