/// `snamap token add|list|revoke`: the API tokens partners use (docs/access.md).

#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "server/access/authenticate.hpp"
#include "server/access/token_store.hpp"

#include <ctime>
#include <iomanip>
#include <iostream>

namespace sna::app {

namespace {

constexpr const char* token_usage =
    "usage: snamap token add --tokens FILE --name NAME --groups partner[,…] [--expires YYYY-MM-DD]"
    "\n       snamap token list --tokens FILE\n       snamap token revoke --tokens FILE --name "
    "NAME";

void print_list(const server::TokenStore& store) {
    std::cout << std::left << std::setw(28) << "name" << std::setw(24) << "groups" << std::setw(12)
              << "expires"
              << "state\n";
    for (const auto& e : store.list()) {
        std::string groups;
        for (const auto& g : e.groups) groups += (groups.empty() ? "" : ",") + g;
        std::cout << std::setw(28) << e.name << std::setw(24) << groups << std::setw(12)
                  << (e.expires.empty() ? "never" : e.expires)
                  << (e.revoked.empty() ? "in force" : "revoked " + e.revoked) << "\n";
    }
}

}  // namespace

Run setup_token(const std::vector<std::string>& args) {
    const Arguments a(args, {"--tokens", "--name", "--groups", "--expires"}, {});
    if (a.positional().size() != 1 || !a.get("--tokens")) throw geo::InvalidInput(token_usage);
    const std::string action = a.positional()[0], file = *a.get("--tokens");
    const std::string name = a.get("--name").value_or("");
    if (action == "list") return [file] { print_list(server::TokenStore(file)); };
    if (action == "revoke") {
        if (name.empty()) throw geo::InvalidInput(token_usage);
        return [file, name] {
            server::TokenStore(file).revoke(name, std::time(nullptr));
            std::cerr << "revoked the token '" << name << "'\n";
        };
    }
    if (action != "add" || name.empty() || !a.get("--groups")) throw geo::InvalidInput(token_usage);
    const auto groups = server::split_groups(*a.get("--groups"));
    const std::string expires = a.get("--expires").value_or("");
    return [file, name, groups, expires] {
        const std::string token =
            server::TokenStore(file).add(name, groups, expires, std::time(nullptr));
        std::cerr << "added the token '" << name
                  << "'; it is shown once, here, and only its hash is kept:\n";
        std::cout << token << std::endl;
    };
}

}  // namespace sna::app
