#include "server/routes/reserved.hpp"

#include "server/http/responses.hpp"
#include "server/views/html_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sna::server {

namespace {

std::string quoted_list(const std::set<std::string>& groups) {
    std::string out;
    for (const auto& g : groups) out += (out.empty() ? "'" : ", '") + g + "'";
    return out;
}

/// Reserved answers differ by who asks and must never be kept by a shared cache.
HttpResponse no_store(HttpResponse r) {
    r.headers.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

ReservedItems withheld_among(const Reservations& reservations,
                             const std::vector<std::string>& indicator_ids,
                             const std::vector<std::string>& layer_ids) {
    ReservedItems out;
    const auto add = [&out](const std::map<std::string, std::string>& withheld,
                            const std::string& kind, const std::string& id) {
        const auto it = withheld.find(id);
        if (it == withheld.end()) return;
        const std::string item = kind + " '" + id + "'";
        if (std::find(out.items.begin(), out.items.end(), item) == out.items.end())
            out.items.push_back(item);
        out.groups.insert(it->second);
    };
    for (const auto& id : indicator_ids) add(reservations.withheld_indicators, "indicator", id);
    for (const auto& id : layer_ids) add(reservations.withheld_layers, "layer", id);
    return out;
}

std::string reserved_explanation(const std::string& what, const std::set<std::string>& groups) {
    const bool one = groups.size() == 1;
    return what + " " + (one ? "is" : "are") + " reserved to the group" + (one ? " " : "s ") +
           quoted_list(groups) +
           ". Sign in as a member (the sign-in page at /signin, your organisation's single "
           "sign-on, or "
           "an API token sent as 'Authorization: Bearer …') and try again.";
}

HttpResponse reserved_json(const ReservedItems& reserved, const std::string& what,
                           const std::string& route) {
    nlohmann::json body = {{"error", "reserved"},
                           {"detail", reserved_explanation(what, reserved.groups)},
                           {"reserved", reserved.items},
                           {"groups", reserved.groups}};
    return no_store(json_response(body, route, 403));
}

HttpResponse reserved_page(const ReservedItems& reserved, const std::string& what,
                           const std::string& route) {
    std::string items;
    for (const auto& item : reserved.items) items += "<li>" + html_escape(item) + "</li>";
    HttpResponse r;
    r.status = 403;
    r.route = route;
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.body =
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Sign in to "
        "see this map</title></head><body><main><h1>Sign in to see this map</h1><p>" +
        html_escape(reserved_explanation(what, reserved.groups)) + "</p><ul>" + items +
        "</ul></main></body></html>";
    return no_store(std::move(r));
}

}  // namespace sna::server
