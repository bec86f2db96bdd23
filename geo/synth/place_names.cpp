#include "geo/synth/place_names.hpp"

#include <array>
#include <string_view>

namespace sna::geo::detail {

namespace {

constexpr std::array<std::string_view, 30> prefixes{
    "Ash",   "Alder", "Barn", "Beck", "Birch", "Bram",  "Brook", "Clay",  "Crow", "Dun",
    "Elm",   "Fen",   "Fern", "Glen", "Hart",  "Hazel", "Holly", "Kings", "Lark", "Lin",
    "Marsh", "Mill",  "Oak",  "Pen",  "Red",   "Rook",  "Stone", "Thorn", "Wil",  "Wyre"};
constexpr std::array<std::string_view, 14> suffixes{"bury", "by",    "combe", "field",   "ford",
                                                    "ham",  "hurst", "ley",   "minster", "stead",
                                                    "ton",  "well",  "wick",  "worth"};
constexpr std::array<std::string_view, 20> features{
    "Abbey", "Bridge", "Castle", "Central", "Common", "Cross", "East", "Green", "Heath", "Hill",
    "Manor", "Moor",   "North",  "Park",    "Priory", "South", "Vale", "West",  "Wood",  "Village"};
constexpr std::array<std::string_view, 12> saints{
    "St Chad's", "St Mary's", "St Peter's",  "St John's",  "St Alban's",   "St Bede's",
    "St Paul's", "St Anne's", "St Edmund's", "St Hilda's", "St Michael's", "St Thomas's"};
constexpr int attempts_before_numbering = 40;

template <typename Array>
std::string_view pick(const Array& values, Random& rng) {
    return values[rng.below(values.size())];
}

}  // namespace

std::string PlaceNames::random_place() {
    std::string name(pick(prefixes, m_rng));
    const std::string_view suffix = pick(suffixes, m_rng);
    // "Elm" + "minster" reads as "Elminster", not "Elmminster".
    name.append(name.back() == suffix.front() ? suffix.substr(1) : suffix);
    return name;
}

std::string PlaceNames::make_unique(std::string candidate_base, bool with_feature) {
    std::string candidate = std::move(candidate_base);
    for (int attempt = 0; attempt < attempts_before_numbering; ++attempt) {
        if (m_used.insert(candidate).second) return candidate;
        candidate = random_place();
        if (with_feature) candidate += " " + std::string(pick(features, m_rng));
    }
    for (std::size_t number = 2;; ++number) {
        const std::string numbered = candidate + " " + std::to_string(number);
        if (m_used.insert(numbered).second) return numbered;
    }
}

std::string PlaceNames::next_place() {
    return make_unique(random_place(), false);
}

std::string PlaceNames::next_ward() {
    return make_unique(random_place() + " " + std::string(pick(features, m_rng)), true);
}

std::string PlaceNames::saint() {
    return std::string(pick(saints, m_rng));
}

std::string area_letters(std::size_t index) {
    std::string letters;
    for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) {
        letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return letters;
}

}  // namespace sna::geo::detail
