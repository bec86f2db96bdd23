#pragma once
/// Static files of the web client, served from one directory that requests cannot leave.

#include "server/http/http_message.hpp"

#include <string>
#include <string_view>

namespace sna::server {

/// Serves GET/HEAD `req.target` from `web_root` ("/" and "dir/" → index.html).
/// The decoded path must be relative, free of backslashes, NUL and "." / ".." segments and
/// dot-files, and its canonical form (symlinks resolved) must stay under canonical(web_root);
/// anything else is 400 or 404 — never a file outside the root. Only the client's files are
/// served (404 otherwise, before the disk is looked at): .html, .js, .mjs, .css, .ico, .png,
/// .svg, .woff2 and .woff files at the top level or under css/, js/, embed/ and vendor/ — never
/// README.md or tools/. Strong ETag from size and mtime, 304 on If-None-Match; Cache-Control
/// "no-cache" for HTML, a day for /vendor/, an hour otherwise. HEAD gets the body as GET does
/// (the transport sends only its length), so the router codes both alike. Other methods get 405
/// with Allow.
/// Errors are JSON {"error", "detail"}. The route label is "static".
HttpResponse serve_static(const HttpRequest& req, const std::string& web_root);

/// MIME type by file extension (case-insensitive); application/octet-stream when unknown.
std::string mime_type(std::string_view path);

}  // namespace sna::server
