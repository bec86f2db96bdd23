#pragma once
/// Building JSON, CSV and error responses.

#include "server/http/http_message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace sna::server {

HttpResponse json_response(const nlohmann::json& body, const std::string& route, int status = 200);
/// `{"error": error, "detail": detail}` with the given 4xx status.
HttpResponse error_response(int status, const std::string& error, const std::string& detail,
                            const std::string& route = "error");
HttpResponse text_response(std::string body, const std::string& content_type,
                           const std::string& route);

}  // namespace sna::server
