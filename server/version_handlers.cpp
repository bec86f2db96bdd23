#include "server/version_handlers.hpp"

#include "server/responses.hpp"
#include "server/version_archive.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

using nlohmann::json;

namespace {

json version_json(const DataIndex& data) {
    const auto built = data.meta().find("built_at");
    const auto name = data.meta().find("name");
    return {{"data_version", data.data_version()},
            {"built_at", built == data.meta().end() ? "" : built->second},
            {"name", name == data.meta().end() ? "" : name->second}};
}

const DataIndex* archived(const Services& s, const std::string& version) {
    return s.archive ? s.archive->find(version) : nullptr;
}

std::string area_words(const std::string& code) {
    return code.empty() ? "" : " for " + code;
}

}  // namespace

std::string version_note(const Services& s, const std::string& since, const std::string& code) {
    const std::string current = s.data.data_version();
    if (since.empty() || since == current) return "";
    const std::string head = "This link cited data version " + since +
                             "; this server now holds version " + current + ". ";
    const DataIndex* before = archived(s, since);
    if (!before)
        return head + "Version " + since +
               " is not held here, so whether the figures changed "
               "cannot be checked; the figures below are from " +
               current + ".";
    const VersionChanges changes = compare_versions(*before, s.data, code, 0);
    if (changes.changed == 0 && changes.removed == 0)
        return head + "None of the " + std::to_string(changes.compared) + " values" +
               area_words(code) + " cited from " + since + " has changed.";
    return head + std::to_string(changes.changed) + " of " + std::to_string(changes.compared) +
           " values" + area_words(code) + " have changed and " + std::to_string(changes.removed) +
           " are no longer published; the figures below are from " + current + ".";
}

HttpResponse handle_versions(const Services& s) {
    json archived_versions = json::array();
    if (s.archive)
        for (const auto& v : s.archive->versions()) archived_versions.push_back(version_json(*v));
    return json_response({{"current", version_json(s.data)}, {"archived", archived_versions}},
                         "api_versions");
}

HttpResponse handle_changes(const Services& s, const Query& query) {
    const std::string since = query.require("since");
    const std::string code = query.get_or("code", "");
    json body = {{"since", since}, {"current", s.data.data_version()}, {"code", code}};
    if (since == s.data.data_version()) {
        body["known"] = true;
        body["changed"] = 0;
        body["summary"] = "This is the current data version.";
        return json_response(body, "api_changes");
    }
    const DataIndex* before = archived(s, since);
    body["known"] = before != nullptr;
    body["summary"] = version_note(s, since, code);
    if (!before) return json_response(body, "api_changes");
    const VersionChanges changes = compare_versions(*before, s.data, code);
    body["compared"] = changes.compared;
    body["changed"] = changes.changed;
    body["removed"] = changes.removed;
    body["added"] = changes.added;
    json examples = json::array();
    for (const auto& c : changes.examples) {
        examples.push_back({{"indicator", c.indicator_id},
                            {"code", c.area_code},
                            {"period", c.period},
                            {"before", c.before ? json(*c.before) : json(nullptr)},
                            {"after", c.after ? json(*c.after) : json(nullptr)}});
    }
    body["examples"] = examples;
    return json_response(body, "api_changes");
}

}  // namespace sna::server
