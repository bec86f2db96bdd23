#include "geo/core/name_match.hpp"

#include "geo/core/text.hpp"

#include <algorithm>
#include <array>

namespace sna::geo {

namespace {

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

/// Words too common to say anything on their own in a partial match.
bool is_filler(std::string_view word) {
    static constexpr std::array<std::string_view, 8> filler = {"and", "the", "of",   "st",
                                                               "on",  "in",  "upon", "with"};
    return word.size() < 3 || std::find(filler.begin(), filler.end(), word) != filler.end();
}

bool starts_some_word(std::string_view query_word, const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return starts_with(w, query_word); });
}

/// The fewest edits from `query_word` to a name word or to a name word's start of the same
/// length (a typo in a word still being typed); above the word's allowance: npos.
std::size_t fewest_edits(std::string_view query_word, const std::vector<std::string>& words) {
    const std::size_t allowed = allowed_edits(query_word);
    std::size_t best = std::string_view::npos;
    for (const std::string& w : words) {
        if (starts_with(w, query_word)) return 0;
        if (allowed == 0) continue;
        const std::string_view word(w);
        const std::size_t gap = word.size() > query_word.size() ? word.size() - query_word.size()
                                                                : query_word.size() - word.size();
        if (gap <= allowed) best = std::min(best, edit_distance(query_word, word));
        if (word.size() > query_word.size())
            best = std::min(best, edit_distance(query_word, word.substr(0, query_word.size())));
    }
    return best <= allowed ? best : std::string_view::npos;
}

}  // namespace

std::string to_string(NameMatchKind kind) {
    switch (kind) {
        case NameMatchKind::exact:
            return "exact";
        case NameMatchKind::prefix:
            return "prefix";
        case NameMatchKind::words:
            return "words";
        case NameMatchKind::fuzzy:
            return "fuzzy";
        case NameMatchKind::partial:
            return "partial";
        case NameMatchKind::none:
            break;
    }
    return "none";
}

std::vector<std::string> search_words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        // Apostrophes join ("King's", "King’s" → kings): people type the name without them.
        if (c == '\'') continue;
        if (text.compare(i, 3, "\xE2\x80\x99") == 0) {
            i += 2;
            continue;
        }
        if (is_word_byte(c)) {
            word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) out.push_back(std::move(word));
    return out;
}

std::size_t allowed_edits(std::string_view word) {
    if (word.size() < 4) return 0;
    if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    return word.size() < 7 ? 1 : 2;
}

SearchableName make_searchable(std::string_view text) {
    return {to_lower(trim(text)), search_words(text)};
}

NameMatch match_name(const SearchableName& query, const SearchableName& name) {
    NameMatch out;
    if (query.lower.empty()) return out;
    if (name.lower == query.lower) {
        out.kind = NameMatchKind::exact;
        return out;
    }
    if (starts_with(name.lower, query.lower)) {
        out.kind = NameMatchKind::prefix;
        return out;
    }
    if (query.words.empty()) return out;
    std::size_t started = 0, edits = 0;
    bool all_close = true;
    for (const std::string& q : query.words) {
        if (starts_some_word(q, name.words)) {
            ++started;
            if (!is_filler(q)) out.matched_words.push_back(q);
            continue;
        }
        const std::size_t e = all_close ? fewest_edits(q, name.words) : std::string_view::npos;
        if (e == std::string_view::npos)
            all_close = false;
        else
            edits += e;
    }
    if (started == query.words.size()) {
        out.kind = NameMatchKind::words;
        out.matched_words.clear();
    } else if (all_close) {
        out.kind = NameMatchKind::fuzzy;
        out.edits = edits;
        out.matched_words.clear();
    } else if (!out.matched_words.empty()) {
        out.kind = NameMatchKind::partial;
    }
    return out;
}

}  // namespace sna::geo
