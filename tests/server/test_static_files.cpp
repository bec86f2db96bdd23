#include "server/http/static_files.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace sna::server;
using sna::test::TempDir;

namespace {

HttpRequest get(const std::string& target, const std::string& method = "GET") {
    HttpRequest req;
    req.method = method;
    req.target = target;
    return req;
}

/// A web root next to a directory the requests must never reach.
struct Site {
    TempDir dir;
    std::string root;
    Site() {
        dir.write("web/index.html", "<!doctype html><title>snamap</title>");
        dir.write("web/app.js", "console.log('hi');");
        dir.write("web/vendor/maplibre-gl.mjs", "export default {};");
        dir.write("web/embed/index.html", "embed index");
        dir.write("web/.env", "SECRET=1");
        // Not the client's: documentation, build tools, vendored metadata and licences.
        dir.write("web/README.md", "# secret notes");
        dir.write("web/tools/vendor.mjs", "// secret build tool");
        dir.write("web/tools/index.html", "secret tool page");
        dir.write("web/vendor/versions.json", "{\"secret\": 1}");
        dir.write("web/vendor/LICENSE", "secret licence");
        dir.write("web/css/notes.txt", "secret text");
        dir.write("outside/secret.js", "top secret");
        dir.write("web2/secret.js", "sibling with a common prefix");
        dir.write("etc/passwd", "root:x:0:0");
        root = (dir.path() / "web").string();
        std::filesystem::create_symlink(dir.path() / "outside" / "secret.js",
                                        dir.path() / "web" / "link.js");
        std::filesystem::create_directory_symlink(dir.path() / "outside",
                                                  dir.path() / "web" / "vendor" / "linkdir");
        std::filesystem::create_symlink(dir.path() / "web2" / "secret.js",
                                        dir.path() / "web" / "prefix.js");
        std::filesystem::create_symlink(dir.path() / "web" / "app.js",
                                        dir.path() / "web" / "inner.js");
    }
};

}  // namespace

TEST_CASE("serve_static: serves index.html, files and MIME types", "[server]") {
    Site site;
    HttpResponse res = serve_static(get("/"), site.root);
    CHECK(res.status == 200);
    CHECK(res.body == "<!doctype html><title>snamap</title>");
    CHECK(res.headers.get("Content-Type") == std::string("text/html; charset=utf-8"));
    CHECK(res.headers.get("Cache-Control") == std::string("no-cache"));
    CHECK(res.route == "static");

    res = serve_static(get("/app.js?v=3"), site.root);
    CHECK(res.status == 200);
    CHECK(res.body == "console.log('hi');");
    CHECK(res.headers.get("Content-Type") == std::string("text/javascript; charset=utf-8"));

    res = serve_static(get("/vendor/maplibre-gl.mjs"), site.root);
    CHECK(res.headers.get("Content-Type") == std::string("text/javascript; charset=utf-8"));
    CHECK(res.headers.get("Cache-Control") == std::string("public, max-age=86400"));

    res = serve_static(get("/embed/"), site.root);
    CHECK(res.body == "embed index");
    res = serve_static(get("/embed/index.html"), site.root);
    CHECK(res.body == "embed index");

    // A symlink that stays inside the root is fine.
    CHECK(serve_static(get("/inner.js"), site.root).status == 200);
}

TEST_CASE("mime_type table", "[server]") {
    CHECK(mime_type("a.html") == "text/html; charset=utf-8");
    CHECK(mime_type("a.JS") == "text/javascript; charset=utf-8");
    CHECK(mime_type("a.mjs") == "text/javascript; charset=utf-8");
    CHECK(mime_type("a.css") == "text/css; charset=utf-8");
    CHECK(mime_type("a.svg") == "image/svg+xml");
    CHECK(mime_type("a.json") == "application/json");
    CHECK(mime_type("a.png") == "image/png");
    CHECK(mime_type("a.mvt") == "application/vnd.mapbox-vector-tile");
    CHECK(mime_type("a.pbf") == "application/x-protobuf");
    CHECK(mime_type("a.woff2") == "font/woff2");
    CHECK(mime_type("a.js.map") == "application/json");
    CHECK(mime_type("a.txt") == "text/plain; charset=utf-8");
    CHECK(mime_type("README") == "application/octet-stream");
    CHECK(mime_type("dir.v2/README") == "application/octet-stream");
}

TEST_CASE("serve_static: path traversal corpus never leaves the web root", "[server]") {
    Site site;
    const char* corpus[] = {
        "/../etc/passwd",
        "/%2e%2e/x",
        "/%2E%2E%2Fetc",
        "/a/%00b",
        "/..%5c..%5cetc",
        "\\..\\x",
        "//etc/passwd",
        "/link.js",
        "/vendor/linkdir/secret.js",
        "/prefix.js",
        "/..",
        "/./index.html",
        "/embed/../../outside/secret.js",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%2f",
        "/%252e%252e/etc/passwd",
        "/embed/%2e%2e/%2e%2e/etc/passwd",
        "/.env",
        "/%2eenv",
        "etc/passwd",
        "/%",
        "/%zz",
        "/a%00.html",
    };
    for (const char* target : corpus) {
        CAPTURE(target);
        const HttpResponse res = serve_static(get(target), site.root);
        CHECK((res.status == 400 || res.status == 403 || res.status == 404));
        CHECK(res.body.find("secret") == std::string::npos);
        CHECK(res.body.find("root:x") == std::string::npos);
        CHECK(res.headers.get("Content-Type") == std::string("application/json"));
        CHECK(res.body.find("\"error\"") != std::string::npos);
        CHECK(res.body.find("\"detail\"") != std::string::npos);
    }
}

TEST_CASE("serve_static: ETag and If-None-Match give 304", "[server]") {
    Site site;
    const HttpResponse first = serve_static(get("/app.js"), site.root);
    const auto etag = first.headers.get("ETag");
    REQUIRE(etag.has_value());
    CHECK(etag->front() == '"');
    CHECK(etag->back() == '"');

    HttpRequest again = get("/app.js");
    again.headers.set("If-None-Match", "\"other\", " + *etag);
    HttpResponse res = serve_static(again, site.root);
    CHECK(res.status == 304);
    CHECK(res.body.empty());
    CHECK(res.headers.get("ETag") == etag);

    again.headers.set("If-None-Match", "W/" + *etag);
    CHECK(serve_static(again, site.root).status == 304);
    again.headers.set("If-None-Match", "*");
    CHECK(serve_static(again, site.root).status == 304);
    again.headers.set("If-None-Match", "\"stale\"");
    CHECK(serve_static(again, site.root).status == 200);

    // Changing the file changes the tag.
    site.dir.write("web/app.js", "console.log('changed, longer');");
    const auto changed = serve_static(get("/app.js"), site.root).headers.get("ETag");
    CHECK(changed != etag);
}

TEST_CASE("serve_static: only GET and HEAD", "[server]") {
    Site site;
    // HEAD is answered as GET (the transport sends the length and drops the body), so content
    // coding treats both alike.
    const HttpResponse head = serve_static(get("/app.js", "HEAD"), site.root);
    const HttpResponse full = serve_static(get("/app.js"), site.root);
    CHECK(head.status == 200);
    CHECK(head.body == full.body);
    CHECK(head.headers.items() == full.headers.items());

    const HttpResponse post = serve_static(get("/app.js", "POST"), site.root);
    CHECK(post.status == 405);
    CHECK(post.headers.get("Allow") == std::string("GET, HEAD"));
}

TEST_CASE("serve_static: missing files and a missing root are 404", "[server]") {
    Site site;
    CHECK(serve_static(get("/nope.js"), site.root).status == 404);
    CHECK(serve_static(get("/"), (site.dir.path() / "absent").string()).status == 404);
    CHECK(serve_static(get("/"), "").status == 404);
}

TEST_CASE("serve_static: only the client's files, never README.md or tools/", "[server][http]") {
    Site site;
    const char* not_the_client[] = {
        "/README.md",
        "/readme.md",
        "/tools/vendor.mjs",
        "/tools/",
        "/tools/index.html",
        "/vendor/versions.json",
        "/vendor/LICENSE",
        "/css/notes.txt",
        "/.env",
        "/embed/../README.md",
        "/tools",
        "/vendor",
        "/%52EADME.md",
        "/README.md?x=.js",
    };
    for (const char* target : not_the_client) {
        CAPTURE(target);
        const HttpResponse res = serve_static(get(target), site.root);
        CHECK(res.status == 404);
        CHECK(res.body.find("secret") == std::string::npos);
    }
    // What the pages load still comes.
    for (const char* target :
         {"/", "/index.html", "/app.js", "/vendor/maplibre-gl.mjs", "/embed/"}) {
        CAPTURE(target);
        CHECK(serve_static(get(target), site.root).status == 200);
    }
}
