#include "server/routes/versions.hpp"

#include "server/http/responses.hpp"
#include "server/index/version_archive.hpp"
#include "server/views/version_note.hpp"

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

}  // namespace

HttpResponse handle_versions(const RouteContext& ctx) {
    const Services& s = ctx.services;
    json archived_versions = json::array();
    if (s.archive)
        for (const auto& v : s.archive->versions()) archived_versions.push_back(version_json(*v));
    return json_response({{"current", version_json(s.data)}, {"archived", archived_versions}},
                         "api_versions");
}

HttpResponse handle_changes(const RouteContext& ctx) {
    const Services& s = ctx.services;
    const Query& query = ctx.query;
    const std::string since = query.require("since");
    const std::string code = query.get_or("code", "");
    json body = {{"since", since}, {"current", s.data.data_version()}, {"code", code}};
    if (since == s.data.data_version()) {
        body["known"] = true;
        body["changed"] = 0;
        body["summary"] = "This is the current data version.";
        return json_response(body, "api_changes");
    }
    const DataIndex* before = s.archive ? s.archive->find(since) : nullptr;
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
