#pragma once
/// Answers for a caller who names something reserved to a group they are not in (an embed URL
/// with a partner-only layer, the priority-school ranking): 403 naming what is reserved and how
/// to sign in, never the public answer silently made without it (docs/access.md). They name
/// only what the caller named, and the groups, never a title or a value.

#include "server/http/http_message.hpp"
#include "server/index/reservations.hpp"

#include <set>
#include <string>
#include <vector>

namespace sna::server {

/// What of a view (indicator ids, point layer ids) the caller's tier withholds: "indicator
/// 'x'" / "layer 'y'" with the groups they need, in the order named.
struct ReservedItems {
    std::vector<std::string> items;
    std::set<std::string> groups;
    bool empty() const { return items.empty(); }
};

ReservedItems withheld_among(const Reservations& reservations,
                             const std::vector<std::string>& indicator_ids,
                             const std::vector<std::string>& layer_ids);

/// "… reserved to the group 'partner'. Sign in …": the sentence both answers use.
std::string reserved_explanation(const std::string& what, const std::set<std::string>& groups);

/// 403 JSON: {"error": "reserved", "detail", "reserved": [...], "groups": [...]}.
HttpResponse reserved_json(const ReservedItems& reserved, const std::string& what,
                           const std::string& route);

/// 403 HTML page for a browser (an embed in an iframe), same content.
HttpResponse reserved_page(const ReservedItems& reserved, const std::string& what,
                           const std::string& route);

}  // namespace sna::server
