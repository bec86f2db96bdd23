#include "geo/core/model.hpp"

#include "geo/core/errors.hpp"

namespace sna::geo {

namespace {

struct LevelName {
    AreaLevel level;
    const char* text;
    const char* noun;
};
constexpr LevelName level_names[] = {
    {AreaLevel::region, "region", "region"},
    {AreaLevel::local_authority, "local_authority", "local authority"},
    {AreaLevel::ward, "ward", "ward"},
    {AreaLevel::small_area, "small_area", "small area"},
    {AreaLevel::other, "other", "area"},
};

}  // namespace

std::optional<AreaLevel> area_level_from_text(const std::string& text) {
    for (const auto& n : level_names)
        if (text == n.text) return n.level;
    return std::nullopt;
}

const char* to_text(AreaLevel level) {
    return level_names[coarseness_rank(level)].text;
}

int coarseness_rank(AreaLevel level) {
    return static_cast<int>(level);
}

std::string default_noun(AreaLevel level) {
    return level_names[coarseness_rank(level)].noun;
}

std::string to_string(Polarity polarity) {
    switch (polarity) {
        case Polarity::higher_is_worse:
            return "higher_is_worse";
        case Polarity::higher_is_better:
            return "higher_is_better";
        case Polarity::neutral:
            return "neutral";
    }
    return "neutral";
}

Polarity polarity_from_string(const std::string& text) {
    if (text == "higher_is_worse") return Polarity::higher_is_worse;
    if (text == "higher_is_better") return Polarity::higher_is_better;
    if (text == "neutral") return Polarity::neutral;
    throw InvalidInput("polarity must be higher_is_worse, higher_is_better or neutral, got '" +
                       text + "'");
}

std::vector<std::string> missing_metadata(const Indicator& indicator) {
    std::vector<std::string> missing;
    if (indicator.description.empty()) missing.emplace_back("description");
    if (indicator.method.empty()) missing.emplace_back("method");
    if (indicator.source_column.empty()) missing.emplace_back("source_column");
    return missing;
}

}  // namespace sna::geo
