#include "geo/core/model.hpp"

#include "geo/core/errors.hpp"

namespace sna::geo {

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
