#include "geo/core/postcode.hpp"

namespace sna::geo {

namespace {

bool is_letter(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// A9, A99, A9A, AA9, AA99, AA9A.
bool is_outward(std::string_view s) {
    if (s.size() < 2 || s.size() > 4 || !is_letter(s[0])) return false;
    const std::size_t area = is_letter(s[1]) ? 2 : 1;
    if (s.size() <= area || !is_digit(s[area])) return false;
    const std::string_view rest = s.substr(area + 1);
    if (rest.empty()) return true;
    return rest.size() == 1 && (is_digit(rest[0]) || is_letter(rest[0]));
}

bool is_inward(std::string_view s) {
    return s.size() == 3 && is_digit(s[0]) && is_letter(s[1]) && is_letter(s[2]);
}

}  // namespace

std::string compact_postcode(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == ' ' || c == '\t') continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

std::optional<std::string> normalise_postcode(std::string_view text) {
    const std::string s = compact_postcode(text);
    if (s.size() < 5 || s.size() > 7) return std::nullopt;
    const std::string_view view(s);
    const std::string_view outward = view.substr(0, s.size() - 3);
    const std::string_view inward = view.substr(s.size() - 3);
    if (!is_outward(outward) || !is_inward(inward)) return std::nullopt;
    return std::string(outward) + " " + std::string(inward);
}

std::optional<std::string> normalise_postcode_district(std::string_view text) {
    const std::string s = compact_postcode(text);
    if (!is_outward(s)) return std::nullopt;
    return s;
}

std::string postcode_district(const std::string& postcode) {
    return postcode.substr(0, postcode.find(' '));
}

}  // namespace sna::geo
