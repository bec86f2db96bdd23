#pragma once
/// Who is asking (docs/access.md): anonymous, or a name with the groups that decide which tier of
/// data they see, and how they proved it.

#include <ctime>
#include <set>
#include <string>

namespace sna::server {

struct Identity {
    std::string name;  ///< empty when anonymous
    std::set<std::string> groups;
    std::string method;  ///< "token", "session" or "proxy"; empty when anonymous
    /// When the credential stops being accepted (seconds since 1970, UTC); 0: no end known.
    std::time_t expires = 0;
    bool anonymous() const { return name.empty(); }
};

}  // namespace sna::server
