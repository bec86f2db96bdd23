#pragma once
/// Reads one JSON object of a build input (the manifest) key by key, remembering which keys were
/// read, so a misspelt or unknown key is reported with the nearest valid one and its JSON path.

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sna::geo {

/// Reads one JSON object, remembering which keys were consumed so typos can be reported.
class ObjectReader {
public:
    using json = nlohmann::json;

    ObjectReader(const json& object, std::string path, const std::string& file)
        : m_object(object), m_path(std::move(path)), m_file(file) {
        if (!object.is_object()) fail("", "expected a JSON object");
    }

    std::string text(const std::string& key, const std::string& fallback = {}) {
        const json* value = find(key);
        if (!value) return fallback;
        if (!value->is_string()) fail(key, "expected a string");
        return value->get<std::string>();
    }
    std::string required_text(const std::string& key) {
        if (!find(key)) fail_missing(key);
        const std::string value = text(key);
        if (trim(value).empty()) fail(key, "must not be empty");
        return value;
    }
    double number(const std::string& key, double fallback) {
        const json* value = find(key);
        if (!value) return fallback;
        if (!value->is_number()) fail(key, "expected a number");
        return value->get<double>();
    }
    std::optional<double> optional_number(const std::string& key) {
        if (!find(key)) return std::nullopt;
        return number(key, 0);
    }
    std::vector<std::string> texts(const std::string& key) {
        std::vector<std::string> out;
        const json* value = find(key);
        if (!value) return out;
        if (!value->is_array()) fail(key, "expected an array of strings");
        for (const auto& item : *value) {
            if (!item.is_string()) fail(key, "expected an array of strings");
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    std::map<std::string, std::string> text_map(const std::string& key) {
        std::map<std::string, std::string> out;
        const json* value = find(key);
        if (!value) return out;
        if (!value->is_object()) fail(key, "expected an object of column: value");
        for (const auto& [k, v] : value->items()) {
            if (!v.is_string()) fail(key + "." + k, "expected a string");
            out[k] = v.get<std::string>();
        }
        return out;
    }
    /// `{"key": number, …}`: every value a number.
    std::map<std::string, double> number_map(const std::string& key) {
        std::map<std::string, double> out;
        const json* value = find(key);
        if (!value) return out;
        if (!value->is_object()) fail(key, "expected an object of name: number");
        for (const auto& [k, v] : value->items()) {
            if (!v.is_number()) fail(key + "." + k, "expected a number");
            out[k] = v.get<double>();
        }
        return out;
    }
    /// A text that must be one of `choices` (the first is the default): "expected 'a' or 'b'".
    std::string choice(const std::string& key, const std::vector<std::string>& choices) {
        const std::string value = text(key, choices.front());
        if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
        std::string expected = "expected ";
        for (std::size_t i = 0; i < choices.size(); ++i) {
            expected += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ");
            expected += "'" + choices[i] + "'";
        }
        fail(key, expected);
    }
    /// `{"column": "value"}` or `{"column": ["value", …]}`: the values accepted per column.
    std::map<std::string, std::vector<std::string>> value_sets(const std::string& key) {
        std::map<std::string, std::vector<std::string>> out;
        const json* value = find(key);
        if (!value) return out;
        if (!value->is_object()) fail(key, "expected an object of column: value or [values]");
        for (const auto& [k, v] : value->items()) {
            auto& accepted = out[k];
            if (v.is_string()) accepted.push_back(v.get<std::string>());
            if (v.is_array()) {
                for (const auto& item : v) {
                    if (!item.is_string()) fail(key + "." + k, "expected strings in the array");
                    accepted.push_back(item.get<std::string>());
                }
            }
            if (accepted.empty())
                fail(key + "." + k, "expected a string or a non-empty array of strings");
        }
        return out;
    }
    /// Calls `each` with a reader for every element of an array of objects.
    template <typename Each>
    void objects(const std::string& key, Each each) {
        const json* value = find(key);
        if (!value) return;
        if (!value->is_array()) fail(key, "expected an array");
        for (std::size_t i = 0; i < value->size(); ++i) {
            ObjectReader item((*value)[i], child(key) + "[" + std::to_string(i) + "]", m_file);
            each(item);
            item.finish();
        }
    }
    template <typename Each>
    bool object(const std::string& key, Each each) {
        const json* value = find(key);
        if (!value) return false;
        ObjectReader item(*value, child(key), m_file);
        each(item);
        item.finish();
        return true;
    }
    /// Rejects keys nobody asked for, suggesting the closest known key.
    void finish() const {
        std::vector<std::string> known(m_known.begin(), m_known.end());
        for (const auto& [key, _] : m_object.items()) {
            if (m_known.count(key)) continue;
            const auto suggestion = nearest_match(key, known);
            fail(key, "unknown key" + (suggestion ? "; did you mean '" + *suggestion + "'?"
                                                  : "; valid keys here: " + join(known, ", ")));
        }
    }
    /// A required key is missing: if an unread key looks like a misspelling of it, name that one.
    [[noreturn]] void fail_missing(const std::string& key) const {
        for (const auto& [present, _] : m_object.items()) {
            if (m_known.count(present)) continue;
            if (nearest_match(present, {key})) {
                fail(present, "unknown key; did you mean '" + key + "'?");
            }
        }
        fail(key, "is required");
    }
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw DataError({m_file, "", ""}, child(key) + ": " + problem);
    }
    const std::string& path() const { return m_path; }

private:
    const json* find(const std::string& key) {
        m_known.insert(key);
        const auto it = m_object.find(key);
        return it == m_object.end() || it->is_null() ? nullptr : &*it;
    }
    std::string child(const std::string& key) const {
        if (key.empty()) return m_path.empty() ? "(top level)" : m_path;
        return m_path.empty() ? key : m_path + "." + key;
    }

    const json& m_object;
    std::string m_path;
    const std::string& m_file;
    std::set<std::string> m_known;
};

}  // namespace sna::geo
