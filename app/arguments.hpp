#pragma once
/// Minimal command-line parsing: positionals plus --key value / --flag options.

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sna::app {

class Arguments {
public:
    /// `value_options` take a value; `flag_options` do not. Anything else is a usage error.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& value_options,
              const std::set<std::string>& flag_options) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a.size() < 2 || a[0] != '-') {
                m_positional.push_back(a);
            } else if (value_options.count(a)) {
                if (i + 1 >= args.size()) throw geo::InvalidInput(a + " needs a value");
                m_options[a] = args[++i];
            } else if (flag_options.count(a)) {
                m_options[a] = "1";
            } else {
                std::vector<std::string> known(value_options.begin(), value_options.end());
                known.insert(known.end(), flag_options.begin(), flag_options.end());
                const auto near = geo::nearest_match(a, known);
                throw geo::InvalidInput("unknown option " + a +
                                        (near ? "; did you mean " + *near + "?" : ""));
            }
        }
    }
    const std::vector<std::string>& positional() const { return m_positional; }
    std::optional<std::string> get(const std::string& key) const {
        const auto it = m_options.find(key);
        if (it == m_options.end()) return std::nullopt;
        return it->second;
    }
    std::string get_or(const std::string& key, const std::string& fallback) const {
        return get(key).value_or(fallback);
    }
    bool has(const std::string& key) const { return m_options.count(key) > 0; }
    long long integer(const std::string& key, long long fallback) const {
        const auto text = get(key);
        if (!text) return fallback;
        try {
            std::size_t used = 0;
            const long long value = std::stoll(*text, &used);
            if (used != text->size()) throw std::invalid_argument("trailing");
            return value;
        } catch (const std::exception&) {
            throw geo::InvalidInput(key + " expects a whole number, got '" + *text + "'");
        }
    }

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_options;
};

}  // namespace sna::app
