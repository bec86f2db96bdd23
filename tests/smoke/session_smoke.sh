#!/usr/bin/env bash
# Browser sessions over real HTTP (docs/access.md): `snamap build` of the session fixture (a
# point layer only partners may see), `snamap token add`, then `snamap serve` on 127.0.0.1:0 and
# curl: sign-in POST → Set-Cookie attributes; the cookie sees the partner layer; a tampered
# cookie does not and is cleared; cross-site POSTs, oversized and non-form bodies are refused;
# sign-out clears; revoking the token ends the session; the token is in no log; a server whose
# public URL is https marks the cookie Secure. Usage: session_smoke.sh SNAMAP_BINARY
set -u
snamap=$1
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../data/session"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "--- server stderr:"; tail -20 "$work/err" 2>/dev/null; exit 1; }
ok() { echo "ok  $*"; }

"$snamap" build "$fixture/manifest.json" --sources "$fixture" -o "$work/db.sqlite" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "the fixture does not build"; }
token=$("$snamap" token add --tokens "$work/tokens.jsonl" --name "Smoke Partner" --groups partner | tail -1)
case "$token" in snamap_*) ;; *) fail "token add printed '$token'";; esac
printf '{"tokens_file": "%s", "session_hours": 2}\n' "$work/tokens.jsonl" >"$work/config.json"

source "$here/start_server.sh"
start_snamap "$snamap" "$work/db.sqlite" "$work" --config "$work/config.json"

code() { curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' "$@"; }
header() { tr -d '\r' <"$work/head" | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }
form=(-H "Origin: $base" -H 'Content-Type: application/x-www-form-urlencoded')

[ "$(code "$base/signin")" = 200 ] || fail "GET /signin"
grep -q '<form method="post" action="signin"' "$work/body" || fail "the sign-in page has no form"
ok "sign-in page"

[ "$(code "$base/catalog")" = 200 ] || fail "anonymous catalog"
grep -q '"services"' "$work/body" && fail "the anonymous catalog lists the partner layer"
[ "$(code "$base/tiles/services.json")" = 404 ] || fail "anonymous TileJSON of the partner layer"
ok "anonymous: no partner layer"

[ "$(code -X POST "${form[@]}" --data-urlencode "token=$token" "$base/signin")" = 303 ] || fail "sign-in POST"
set_cookie=$(header Set-Cookie)
[ "$(header Location)" = "$base/" ] || fail "sign-in redirects to '$(header Location)'"
for attribute in '^snamap_session=v1\.' '; Max-Age=7200' '; Path=/' '; HttpOnly' '; SameSite=Lax'; do
  echo "$set_cookie" | grep -q -- "$attribute" || fail "Set-Cookie '$set_cookie' lacks $attribute"
done
echo "$set_cookie" | grep -q Secure && fail "Secure on a plain-http 127.0.0.1 server (the browser would drop it)"
echo "$set_cookie" | grep -q -- "${token#snamap_}" && fail "the cookie holds the token"
cookie=${set_cookie%%;*}
ok "sign-in: $set_cookie"

[ "$(code -H "Cookie: $cookie" "$base/catalog")" = 200 ] || fail "catalog with the cookie"
grep -q '"services"' "$work/body" || fail "the session does not see the partner layer"
[ "$(header Cache-Control)" = "private, no-cache" ] || fail "a session answer is '$(header Cache-Control)'"
[ "$(code -H "Cookie: $cookie" "$base/tiles/services.json")" = 200 ] || fail "partner TileJSON with the cookie"
[ "$(code -H "Cookie: $cookie" "$base/api/session")" = 200 ] || fail "/api/session"
grep -q '"signed_in":true' "$work/body" && grep -q '"name":"Smoke Partner"' "$work/body" || fail "/api/session: $(cat "$work/body")"
grep -q -- "${token#snamap_}" "$work/body" && fail "/api/session echoes the token"
ok "the cookie sees the partner layer"

# The signature's last hex digit changed, then the expiry pushed later under the old signature.
last=${cookie: -1}; [ "$last" = 0 ] && swap=1 || swap=0
for forged in "${cookie%?}$swap" "$(echo "$cookie" | sed -E 's/\.([0-9]+)\./.9\1./')"; do
  [ "$(code -H "Cookie: $forged" "$base/catalog")" = 200 ] || fail "catalog with a forged cookie"
  grep -q '"services"' "$work/body" && fail "a forged cookie sees the partner layer"
  header Set-Cookie | grep -q '^snamap_session=; Max-Age=0' || fail "a forged cookie is not cleared"
done
ok "tampered cookies: public answer, cookie cleared"

[ "$(code -X POST -H "Origin: https://evil.example" -H 'Content-Type: application/x-www-form-urlencoded' \
     --data-urlencode "token=$token" "$base/signin")" = 403 ] || fail "cross-site sign-in"
[ -z "$(header Set-Cookie)" ] || fail "a cross-site sign-in set a cookie"
[ "$(code -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-urlencode "token=$token" \
     "$base/signin")" = 403 ] || fail "sign-in with neither Origin nor Referer"
[ "$(code -X POST -H "Referer: $base/signin" -H 'Content-Type: application/x-www-form-urlencoded' \
     --data-urlencode "token=$token" "$base/signin")" = 303 ] || fail "sign-in with a same-site Referer"
[ "$(code -X POST -H "Origin: https://evil.example" -H "Cookie: $cookie" "$base/signout")" = 403 ] \
  || fail "cross-site sign-out"
head -c 5000 /dev/zero | tr '\0' 'x' >"$work/big"
[ "$(code -X POST "${form[@]}" --data-binary "@$work/big" "$base/signin")" = 413 ] || fail "5000-byte form"
[ "$(code -X POST -H "Origin: $base" -H 'Content-Type: application/json' -d '{"token":"x"}' \
     "$base/signin")" = 415 ] || fail "JSON body"
[ "$(code -X POST "${form[@]}" -d 'token=snamap_wrong' "$base/signin")" = 401 ] || fail "wrong token"
grep -q 'the token is not known' "$work/body" || fail "the refusal does not say why"
[ "$(code "$base/signout")" = 405 ] || fail "GET /signout"
ok "CSRF 403, 413, 415, 401, 405"

[ "$(code -X POST -H "Origin: $base" -H "Cookie: $cookie" "$base/signout")" = 303 ] || fail "sign-out"
header Set-Cookie | grep -q '^snamap_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax' || fail "sign-out does not clear"
ok "sign-out clears the cookie"

"$snamap" token revoke --tokens "$work/tokens.jsonl" --name "Smoke Partner" >/dev/null || fail "token revoke"
[ "$(code -H "Cookie: $cookie" "$base/catalog")" = 200 ] || fail "catalog after revocation"
grep -q '"services"' "$work/body" && fail "a revoked token's session still sees the partner layer"
header Set-Cookie | grep -q '^snamap_session=; Max-Age=0' || fail "a revoked session is not cleared"
ok "revoking the token ends its session"

# The access log is flushed now and then and at exit: read it once the server has stopped.
kill "$pid"; wait "$pid" 2>/dev/null; pid=
grep -q 'caller="Smoke Partner (session)"' "$work/err" "$work/out" || fail "no audit line for the session"
grep -q 'caller="Smoke Partner (signed in)"' "$work/err" "$work/out" || fail "no audit line for the sign-in"
grep -q -- "${token#snamap_}" "$work/err" "$work/out" && fail "the token is in the log"
ok "audit line, no token in the log"

# Behind https the cookie is Secure, and the sign-in's Origin is the public URL's.
"$snamap" token add --tokens "$work/tokens.jsonl" --name "Second" --groups partner | tail -1 >"$work/t2"
# A directory of its own: start_snamap must not find the first server's "serving" line.
mkdir "$work/https"
start_snamap "$snamap" "$work/db.sqlite" "$work/https" --config "$work/config.json" --public-url https://sna.example.org
[ "$(code -X POST -H 'Origin: https://sna.example.org' -H 'Content-Type: application/x-www-form-urlencoded' \
     --data-urlencode "token=$(cat "$work/t2")" "$base/signin")" = 303 ] || fail "sign-in behind https"
header Set-Cookie | grep -q '; Secure' || fail "no Secure behind https: $(header Set-Cookie)"
[ "$(header Location)" = "https://sna.example.org/" ] || fail "Location '$(header Location)'"
[ "$(code -X POST "${form[@]}" --data-urlencode "token=$(cat "$work/t2")" "$base/signin")" = 403 ] \
  || fail "the listening address is not the public URL's origin"
ok "https public URL: Secure cookie"
kill "$pid"; wait "$pid" 2>/dev/null; pid=
echo "session smoke: all passed"
