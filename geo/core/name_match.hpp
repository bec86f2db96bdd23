#pragma once
/// How well a search text matches an area's name or code, in the order results are ranked:
/// the whole name or code, its start, every word of the query starting a word of the name (in
/// any order), every word matching with a typo or two, and — only as a fallback — some of the
/// query's words ("sutton coldfield" finds the Sutton wards when no name has "coldfield").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sna::geo {

/// Best first: a lower kind always ranks above a higher one.
enum class NameMatchKind { exact, prefix, words, fuzzy, partial, none };

/// "exact", "prefix", "words", "fuzzy", "partial", "none".
std::string to_string(NameMatchKind kind);

/// Lower-case words of a text: runs of ASCII letters and digits (and any non-ASCII byte, so
/// accented names stay whole); apostrophes are dropped ("King's" → kings); everything else
/// separates ("Sutton Walmley & Minworth" → sutton, walmley, minworth).
std::vector<std::string> search_words(std::string_view text);

/// Edits a query word may be away from a name word and still match: 0 below 4 letters or with
/// a digit in it (codes are never guessed), 1 for 4 to 6 letters, 2 from 7.
std::size_t allowed_edits(std::string_view word);

/// A name (or code) prepared once for matching many queries.
struct SearchableName {
    std::string lower;               ///< whole text, lower case, trimmed
    std::vector<std::string> words;  ///< search_words(text)
};

SearchableName make_searchable(std::string_view text);

/// The result of matching a query against one name.
struct NameMatch {
    NameMatchKind kind = NameMatchKind::none;
    std::size_t edits = 0;                   ///< fuzzy: total edits over the query's words
    std::vector<std::string> matched_words;  ///< partial: the query words that matched
};

/// Matches a prepared query (make_searchable of the search text) against a prepared name.
NameMatch match_name(const SearchableName& query, const SearchableName& name);

}  // namespace sna::geo
