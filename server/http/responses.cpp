#include "server/http/responses.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

HttpResponse json_response(const nlohmann::json& body, const std::string& route, int status) {
    HttpResponse r;
    r.status = status;
    r.route = route;
    r.headers.set("Content-Type", "application/json; charset=utf-8");
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

HttpResponse error_response(int status, const std::string& error, const std::string& detail,
                            const std::string& route) {
    HttpResponse r = json_response({{"error", error}, {"detail", detail}}, route, status);
    r.headers.set("Cache-Control", "no-store");
    return r;
}

HttpResponse text_response(std::string body, const std::string& content_type,
                           const std::string& route) {
    HttpResponse r;
    r.route = route;
    r.headers.set("Content-Type", content_type);
    r.body = std::move(body);
    return r;
}

}  // namespace sna::server
