#pragma once
/// The sign-in page (docs/access.md, browser sessions): a plain HTML form, no script, that
/// posts an API token to /signin; when signed in, who and a sign-out button.

#include <string>

namespace sna::server {

struct SignInPage {
    std::string signed_in_as;  ///< empty when signed out
    std::string groups;        ///< "partner, police" (when signed in)
    std::string expires;       ///< "2026-12-08 03:00 UTC"; empty when no end is known
    std::string message;       ///< why the last attempt failed; empty for none
    bool takes_tokens = true;  ///< false: the server has no tokens_file, so nobody can sign in
};

/// The page's HTML (every text escaped; relative links, so it works under a path prefix).
std::string sign_in_page_html(const SignInPage& page);

}  // namespace sna::server
