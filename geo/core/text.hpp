#pragma once
/// Small text helpers used when validating untrusted input.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sna::geo {

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);

/// The value of a hexadecimal digit (0–15), or -1 for any other character.
int hex_digit_value(char c);

/// Strict number parse: the whole (trimmed) text must be a finite number in decimal notation
/// (no hex, "inf" or "nan"). Empty → nullopt. @throws std::invalid_argument otherwise.
std::optional<double> parse_number(std::string_view text);

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view text);

/// `text` cut to at most `max_bytes` (on a UTF-8 character boundary) plus "… (N bytes)", for
/// echoing untrusted values in messages without echoing megabytes.
std::string excerpt(std::string_view text, std::size_t max_bytes = 60);

/// Byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t find_invalid_utf8(std::string_view text);

/// Levenshtein edit distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a plausible typo.
std::optional<std::string> nearest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// "Violence and sexual offences" → "violence_and_sexual_offences".
std::string slugify(std::string_view text);

/// The items with `separator` between them.
std::string join(const std::vector<std::string>& items, const std::string& separator);

/// "a ward", "an LSOA", "an area", "a unitary authority": the English indefinite article by the
/// sound of the first letter (an acronym is read letter by letter).
std::string with_article(const std::string& noun);

}  // namespace sna::geo
