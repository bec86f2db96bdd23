#include "server/views/sign_in_page.hpp"

#include "server/views/html_text.hpp"

namespace sna::server {

namespace {

std::string signed_in_section(const SignInPage& page) {
    return "<p>Signed in as <strong id=\"signed-in-name\">" + html_escape(page.signed_in_as) +
           "</strong>" +
           (page.groups.empty() ? "" : " (groups: " + html_escape(page.groups) + ")") +
           (page.expires.empty() ? "" : ", until " + html_escape(page.expires)) +
           ".</p>\n"
           "<p><a href=\"./\">Back to the map</a></p>\n"
           "<form method=\"post\" action=\"signout\">"
           "<button type=\"submit\" class=\"button\">Sign out</button></form>\n";
}

std::string form_section(const SignInPage& page) {
    std::string out;
    if (!page.message.empty())
        out += "<p class=\"signin-error\" role=\"alert\" id=\"signin-error\">Not signed in: " +
               html_escape(page.message) + ".</p>\n";
    if (!page.takes_tokens)
        return out + "<p>This server accepts no API tokens, so nobody can sign in here.</p>\n";
    return out +
           "<p>Partners of the Violence Reduction Unit see data the public may not. Paste the "
           "API token you were given (it starts with <code>snamap_</code>); the browser keeps a "
           "signed session cookie, never the token.</p>\n"
           "<form method=\"post\" action=\"signin\" class=\"signin-form\">\n"
           "<label for=\"token\">API token</label>\n"
           "<input id=\"token\" name=\"token\" type=\"password\" required autocomplete=\"off\" "
           "spellcheck=\"false\" maxlength=\"200\" aria-describedby=\"token-help\">\n"
           "<p id=\"token-help\" class=\"hint\">Ask your VRU analyst for a token if you have "
           "none. Sign out on a shared computer.</p>\n"
           "<button type=\"submit\" class=\"button\">Sign in</button>\n"
           "</form>\n"
           "<p><a href=\"./\">Back to the map</a> without signing in.</p>\n";
}

}  // namespace

std::string sign_in_page_html(const SignInPage& page) {
    const bool in = !page.signed_in_as.empty();
    return std::string(
               "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>") +
           (in ? "Signed in" : "Sign in") +
           " — snamap</title>\n"
           "<link rel=\"stylesheet\" href=\"css/app.css\">\n</head>\n<body class=\"signin-page\">\n"
           "<header class=\"app-header\"><div class=\"brand\"><p class=\"brand-name\">"
           "<a href=\"./\">snamap</a></p></div></header>\n"
           "<main class=\"signin-main\">\n<h1>" +
           (in ? "Signed in" : "Sign in") + "</h1>\n" +
           (in ? signed_in_section(page) : form_section(page)) + "</main>\n</body>\n</html>\n";
}

}  // namespace sna::server
