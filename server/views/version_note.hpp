#pragma once
/// Whether figures cited from an earlier data version still hold: one sentence for people, in
/// evidence packs and the client.

#include "server/index/services.hpp"

#include <string>

namespace sna::server {

/// Empty when `since` is the current version; otherwise says whether the values (of `code`
/// only, if given) changed since `since`, or that `since` is not held here.
std::string version_note(const Services& services, const std::string& since,
                         const std::string& code);

}  // namespace sna::server
