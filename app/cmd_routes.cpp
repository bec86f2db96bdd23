/// `snamap routes`: the route table, one JSON object a line (id order is matching order), so
/// people and tests read the routes from the table itself (the leak test does).

#include "app/commands.hpp"
#include "geo/core/errors.hpp"
#include "server/routes/route_table.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace sna::app {

namespace {

nlohmann::json flags_of(unsigned flags) {
    nlohmann::json out = nlohmann::json::array();
    if (flags & server::route_flag::cors) out.push_back("cors");
    if (flags & server::route_flag::etag) out.push_back("etag");
    if (flags & server::route_flag::cacheable) out.push_back("cacheable");
    return out;
}

}  // namespace

Run setup_routes(const std::vector<std::string>& args) {
    if (!args.empty()) throw geo::InvalidInput("usage: snamap routes (no arguments)");
    return [] {
        for (const server::Route& route : server::route_table()) {
            nlohmann::json methods = nlohmann::json::array();
            if (route.methods & server::route_method::get) methods.push_back("GET");
            if (route.methods & server::route_method::head) methods.push_back("HEAD");
            if (route.methods & server::route_method::post) methods.push_back("POST");
            std::cout << nlohmann::json{{"label", route.label},
                                        {"pattern", route.pattern},
                                        {"methods", methods},
                                        {"flags", flags_of(route.flags)},
                                        {"access", server::access_name(route.access)},
                                        {"cost", server::to_string(route.cost)}}
                             .dump()
                      << "\n";
        }
    };
}

}  // namespace sna::app
