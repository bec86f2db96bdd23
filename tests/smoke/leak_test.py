#!/usr/bin/env python3
"""Leak test over real HTTP: nothing reserved to a group reaches a caller outside it.

Usage: leak_test.py SNAMAP_BINARY FIXTURE_DIR WEB_ROOT

Builds the fixture (tests/data/leak: a partner-only dataset and indicator, a police-only
indicator, a partner-only point layer and a partner-only school attribute, every value a
distinctive marker), makes tokens with `snamap token add`, starts `snamap serve` on 127.0.0.1:0
and asks every route of the route table (listed by `snamap routes`, so a new route without a
sample here, or with an access rule this test does not know, fails it) as five callers:
anonymous, partner, police, education (a group the data does not name) and operator. Each
answer's headers and body are searched for the markers of every group the caller is not in,
after decoding: gzip, vector tiles (GDAL's MVT driver, through ogrinfo), XLSX (every XML part
of the zip), PDF (pdftotext, and every Flate stream inflated) and PNG (text chunks, and the
inflated image data). The partner and police callers must see their own markers where the
data puts them, so the test fails if the markers are not where it looks. Every answer varies on
the credentials, and an identified caller's is private and never has a wildcard CORS origin.
"""
import http.client
import json
import math
import re
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
import io
import gzip
import os

# Reserved markers, lower-case: ids a caller may name in a URL (echoed back in a refusal), and
# titles and values that no answer outside the group may ever hold.
PARTNER_IDS = ["zzvaultrate", "zzhideouts", "zzexcluded"]
PARTNER_VALUES = ["qqsealed", "zzcellar", "918273", "918,273", "918274", "918,274", "918275",
                  "918,275", "918276", "918,276", "373737", "373,737", "383838", "383,838"]
POLICE_IDS = ["zzbluelamp"]
POLICE_VALUES = ["qqlantern", "564738", "564,738", "564739", "564,739", "564740", "564,740",
                 "564741", "564,741"]
MARKERS = {"partner": (PARTNER_IDS, PARTNER_VALUES), "police": (POLICE_IDS, POLICE_VALUES)}
CALLERS = {"anonymous": set(), "partner": {"partner"}, "police": {"police"},
           "education": {"education"}, "operator": {"operator"}}
KNOWN_ACCESS = {"public", "operator"}
# The fixture's squares (tests/data/good/README.md) and the zooms asked for.
BBOX = (-1.91, 52.47, -1.89, 52.49)
ZOOMS = (12, 14)


def samples():
    """Requests per route pattern: every reserved id is named somewhere."""
    layer_tiles = []
    for layer in ("small", "parent", "schools", "zzhideouts"):
        for z in ZOOMS:
            layer_tiles += [f"/tiles/{layer}/{z}/{x}/{y}.mvt" for x, y in tiles_over(BBOX, z)]
    view = "i=zzvaultrate&lyr=wards"
    return {
        "/health": ["/health"],
        "/metrics": ["/metrics"],
        "/catalog": ["/catalog"],
        "/style.json": ["/style.json", "/style.json?indicator=open_score",
                        "/style.json?indicator=zzvaultrate"],
        "/tiles/{layer}.json": [f"/tiles/{l}.json" for l in
                                ("small", "parent", "schools", "zzhideouts")],
        "/tiles/{layer}/{z}/{x}/{y}": layer_tiles,
        "/api/indicators": ["/api/indicators"],
        "/api/indicators/{id}/values": [f"/api/indicators/{i}/values" for i in
                                        ("open_score", "zzvaultrate", "zzbluelamp")],
        "/api/areas/{code}": ["/api/areas/T01", "/api/areas/P1"],
        "/api/areas/{code}/profile": ["/api/areas/T01/profile", "/api/areas/P2/profile"],
        "/api/areas/{code}/series": [f"/api/areas/T01/series?indicator={i}" for i in
                                     ("open_score", "zzvaultrate", "zzbluelamp")],
        "/api/search": ["/api/search?q=T0", "/api/search?q=zz", "/api/search?q=qq"],
        # {catchment}: one defined by define_catchment before the sweep (a POST: a GET is 405).
        "/api/catchments": ["/api/catchments"],
        "/api/catchments/{id}": ["/api/catchments/{catchment}"],
        "/api/catchments/{id}/profile": ["/api/catchments/{catchment}/profile",
                                         "/api/catchments/{catchment}/profile?method=area"],
        "/api/aggregate": [f"/api/aggregate?indicator={i}&parent_set=parent" for i in
                           ("open_score", "zzvaultrate", "zzbluelamp")],
        "/api/composite": ["/api/composite", "/api/composite?indicators=open_score:1,zzvaultrate:1",
                           "/api/composite?indicators=open_score:1,zzbluelamp:2"],
        "/api/hotspots": [f"/api/hotspots?indicator={i}" for i in
                          ("open_score", "zzvaultrate", "zzbluelamp")],
        "/api/schools/priority": ["/api/schools/priority?phase=all"],
        "/api/gaps": ["/api/gaps?indicator=open_score&top=100",
                      "/api/gaps?indicator=zzvaultrate&top=100",
                      "/api/gaps?indicator=open_score&layer=zzhideouts&top=100",
                      "/api/gaps?indicator=composite&rule=hotspot"],
        "/api/export.csv": ["/api/export.csv?catchment={catchment}&method=area",
                            "/api/export.csv?set=small", "/api/export.csv?set=parent",
                            "/api/export.csv?set=small&indicators=zzvaultrate"],
        "/api/export.xlsx": ["/api/export.xlsx?catchment={catchment}",
                             "/api/export.xlsx?set=small",
                             "/api/export.xlsx?set=small&indicators=zzvaultrate"],
        "/api/map.png": [f"/api/map.png?indicator={i}&width=300&height=200" for i in
                         ("open_score", "zzvaultrate", "zzbluelamp", "composite")],
        "/api/map.svg": [f"/api/map.svg?indicator={i}&width=300&height=200" for i in
                         ("open_score", "zzvaultrate", "composite")] +
                        ["/api/map.svg?indicator=zzvaultrate&catchment={catchment}"],
        "/api/versions": ["/api/versions"],
        "/signin": ["/signin"],
        "/signout": ["/signout"],  # POST only: a GET is 405, which must not leak either
        "/api/session": ["/api/session"],
        "/api/changes": ["/api/changes?since=nope"],
        "/embed/?": ["/embed", f"/embed?{view}", "/embed?i=open_score&lyr=zzhideouts",
                     "/embed?i=open_score&catchment={catchment}",
                     "/embed/?i=composite&w=open_score:1,zzbluelamp:1"],
        "/oembed": ["/oembed?url={base}/embed", "/oembed?url={base}/embed?" + view],
        "/report/catchment/{id}.pdf": ["/report/catchment/{catchment}.pdf"],
        "/report/catchment/{id}": ["/report/catchment/{catchment}",
                                   "/report/catchment/{catchment}?method=area"],
        "/report/{code}.pdf": ["/report/T01.pdf", "/report/P1.pdf"],
        "/report/{code}": ["/report/T01", "/report/P2"],
        "/api/**": ["/api/nope"],
        "/tiles/**": ["/tiles/zzhideouts/1"],
        "/**": ["/", "/index.html", "/embed/index.html"],
    }


def tiles_over(bbox, z):
    n = 2 ** z

    def tile(lon, lat):
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        return x, y

    (x0, y1), (x1, y0) = tile(bbox[0], bbox[1]), tile(bbox[2], bbox[3])
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


class Failures(list):
    def add(self, text):
        self.append(text)
        print("FAIL " + text, flush=True)


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def start_server(binary, db, web, config, work):
    out, err = open(f"{work}/out", "w+"), open(f"{work}/err", "w+")
    proc = subprocess.Popen([binary, "serve", db, "--host", "127.0.0.1", "--port", "0",
                             "--web", web, "--config", config], stdout=out, stderr=err)
    for _ in range(600):
        out.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", out.read())
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            err.seek(0)
            raise SystemExit("FAIL: the server exited during start-up:\n" + err.read())
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("FAIL: the server did not start")


def get(port, target, token, gzip_ok):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept-Encoding": "gzip" if gzip_ok else "identity"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request("GET", target, headers=headers)
    r = conn.getresponse()
    body = r.read()
    head = r.getheaders()
    conn.close()
    if dict((k.lower(), v) for k, v in head).get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return r.status, head, body


def decoded_texts(target, head, body, work):
    """The body as the text a reader of it would see, by content type."""
    kind = dict((k.lower(), v) for k, v in head).get("content-type", "")
    texts = [body.decode("latin-1")]
    if "vnd.mapbox-vector-tile" in kind:
        if body:
            texts.append(ogr_tile(target, body, work))
    elif "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            texts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    elif kind.startswith("application/pdf"):
        texts.append(run(["pdftotext", "-q", "-", "-"], input=body.decode("latin-1"),
                         encoding="latin-1").stdout)
        texts += inflated_streams(body)
    elif kind.startswith("image/png"):
        texts += png_texts(body)
    return texts


def ogr_tile(target, body, work):
    """The tile as GDAL's MVT driver reads it: every layer, feature and field."""
    z, x, y = re.search(r"/(\d+)/(\d+)/(\d+)\.mvt", target).groups()
    path = f"{work}/tile.mvt"
    with open(path, "wb") as f:
        f.write(body)
    out = run(["ogrinfo", "-ro", "-al", "-oo", f"X={x}", "-oo", f"Y={y}", "-oo", f"Z={z}",
               path]).stdout
    if "Feature Count" not in out and "OGRFeature" not in out:
        raise SystemExit(f"FAIL: ogrinfo read nothing from {target}:\n{out[:500]}")
    return out


def inflated_streams(pdf):
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            pass
    return out


def png_texts(png):
    out, idat, pos = [], b"", 8
    while pos + 8 <= len(png):
        length = int.from_bytes(png[pos:pos + 4], "big")
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        if kind in (b"tEXt", b"iTXt"):
            out.append(data.decode("latin-1"))
        elif kind == b"zTXt":
            out.append(zlib.decompress(data[data.index(b"\0") + 2:]).decode("latin-1"))
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    out.append(zlib.decompress(idat).decode("latin-1") if idat else "")
    return out


def found(texts, target, groups):
    """Markers of the groups found in the texts, leaving out ids the caller named in the URL."""
    hits = []
    haystack = "\n".join(texts).lower()
    for group in groups:
        ids, values = MARKERS[group]
        for marker in ids + values:
            if marker in ids and marker in target.lower():
                continue
            if marker in haystack:
                hits.append(marker)
    return hits


# What each caller must see, so the search above cannot pass by looking in the wrong place:
# (caller, target, markers that must be in the decoded answer).
MUST_SEE = [
    ("partner", "/api/indicators", ["zzvaultrate", "qqsealed"]),
    ("partner", "/catalog", ["zzhideouts"]),
    ("partner", "/api/indicators/zzvaultrate/values", ["918273"]),
    ("partner", "/api/export.csv?set=small", ["918273", ",partner\r\n"]),
    ("partner", "/api/export.xlsx?set=small&indicators=zzvaultrate",
     ["918273", "includes partner-only data"]),
    ("partner", "/report/T01", ["qqsealed", "includes partner-only data"]),
    ("partner", "/report/T01.pdf", ["qqsealed", "includes partner-only data"]),
    ("partner", "/api/schools/priority?phase=all", ["373737"]),
    ("partner", "/api/gaps?indicator=open_score&top=100", ["zzcellar"]),
    ("partner", "/embed?i=zzvaultrate&lyr=wards", ["<script"]),
    ("police", "/api/indicators/zzbluelamp/values", ["564738"]),
    ("police", "/api/indicators", ["qqlantern"]),
    ("anonymous", "/embed?i=zzvaultrate&lyr=wards", ["reserved to the group 'partner'"]),
    ("anonymous", "/api/export.csv?set=small", ["12.5", ",public\r\n"]),
]
# Statuses an anonymous caller must get (the reserved thing is refused, not silently dropped).
ANONYMOUS_STATUS = [
    ("/api/indicators/zzvaultrate/values", 404), ("/tiles/zzhideouts.json", 404),
    ("/api/schools/priority?phase=all", 403), ("/embed?i=zzvaultrate&lyr=wards", 403),
    ("/api/gaps?indicator=open_score&top=100", 403),
    ("/embed?i=open_score&lyr=zzhideouts", 403), ("/api/map.png?indicator=zzvaultrate&width=300&height=200", 404),
]


def check_access_rule(route, caller, status, failures, target):
    if route["access"] == "operator":
        want = 200 if caller == "operator" else 401 if caller == "anonymous" else 403
        if status != want:
            failures.add(f"{caller} {target}: {status}, the operator rule wants {want}")
    elif status >= 500:
        failures.add(f"{caller} {target}: {status}")


def check_caching(caller, status, head, failures, target):
    """An identified caller's answer is never for shared caches nor for any origin."""
    headers = dict((k.lower(), v) for k, v in head)
    if "authorization" not in headers.get("vary", "").lower():
        failures.add(f"{caller} {target}: Vary '{headers.get('vary', '')}' lacks Authorization")
    if caller == "anonymous":
        return
    if headers.get("access-control-allow-origin") == "*":
        failures.add(f"{caller} {target}: wildcard CORS on an identified answer")
    cache = headers.get("cache-control", "")
    if status == 200 and not (cache.startswith("private") or cache == "no-store"):
        failures.add(f"{caller} {target}: Cache-Control '{cache}' on an identified answer")


def define_catchment(port):
    """A catchment over the fixture's squares, POSTed from the site's own origin: its id."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"radius": {"lon": -1.9, "lat": 52.48, "metres": 1000}})
    conn.request("POST", "/api/catchments", body,
                 {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
    r = conn.getresponse()
    answer = r.read()
    if r.status != 201:
        raise SystemExit(f"FAIL: POST /api/catchments: HTTP {r.status} {answer[:300]!r}")
    return json.loads(answer)["id"]


def sweep(port, routes, tokens, work, failures, catchment=""):
    """Every sample of every route, as every caller, identity and gzip: markers found."""
    seen = {}  # (caller, target) → the decoded texts
    table = samples()
    base = f"http://127.0.0.1:{port}"
    for route in routes:
        pattern = route["pattern"]
        if route["access"] not in KNOWN_ACCESS:
            failures.add(f"route {pattern}: access rule '{route['access']}' unknown to this test")
        if pattern not in table:
            failures.add(f"route {pattern}: no sample request in leak_test.py")
            continue
        for target in (t.replace("{base}", base).replace("{catchment}", catchment)
                       for t in table[pattern]):
            for caller, groups in CALLERS.items():
                for gzip_ok in (False, True):
                    status, head, body = get(port, target, tokens[caller], gzip_ok)
                    check_access_rule(route, caller, status, failures, target)
                    check_caching(caller, status, head, failures, target)
                    texts = [f"{k}: {v}" for k, v in head] + decoded_texts(target, head, body, work)
                    hits = found(texts, target, set(MARKERS) - groups)
                    if hits:
                        failures.add(f"{caller} {target} (gzip {gzip_ok}): HTTP {status} holds {hits}")
                    seen[(caller, target)] = (status, "\n".join(texts).lower())
    return seen


def check_expectations(seen, port, tokens, failures):
    for caller, target, markers in MUST_SEE:
        status, text = seen.get((caller, target), (0, ""))
        for m in markers:
            if m not in text:
                failures.add(f"{caller} {target}: HTTP {status} lacks '{m}'")
    for target, want in ANONYMOUS_STATUS:
        status = seen.get(("anonymous", target), (0, ""))[0]
        if status != want:
            failures.add(f"anonymous {target}: HTTP {status}, want {want}")
    # The partner's school tiles, decoded, hold the reserved attribute; the anonymous ones hold
    # the same schools (so decoding worked) without it.
    partner_tiles = [t for (c, t) in seen if c == "partner" and t.startswith("/tiles/schools/")]
    if not any("373737" in seen[("partner", t)][1] and "zzexcluded" in seen[("partner", t)][1]
               for t in partner_tiles):
        failures.add("no partner school tile decoded with zzexcluded = 373737")
    if not any("hill secondary school" in seen[("anonymous", t)][1] for t in partner_tiles):
        failures.add("no anonymous school tile decoded with the (public) school names")
    if not any("zzcellar" in seen[(c, t)][1] for (c, t) in seen
               if c == "partner" and t.startswith("/tiles/zzhideouts/")):
        failures.add("no partner tile of zzhideouts decoded with its points")
    # A public image does not depend on who asks.
    png = "/api/map.png?indicator=open_score&width=300&height=200"
    if get(port, png, "", False)[2] != get(port, png, tokens["partner"], False)[2]:
        failures.add("the public map.png differs between anonymous and partner callers")


def make_tokens(binary, work):
    tokens = {"anonymous": ""}
    for caller, groups in CALLERS.items():
        if groups:
            tokens[caller] = run([binary, "token", "add", "--tokens", f"{work}/tokens.jsonl",
                                  "--name", f"leak {caller}", "--groups", ",".join(groups)]
                                 ).stdout.strip()
    with open(f"{work}/config.json", "w") as f:
        json.dump({"tokens_file": f"{work}/tokens.jsonl", "cors_origin": "*"}, f)
    return tokens


def main():
    binary, fixture, web = sys.argv[1], sys.argv[2], sys.argv[3]
    failures = Failures()
    with tempfile.TemporaryDirectory() as work:
        db = f"{work}/leak.sqlite"
        run([binary, "build", f"{fixture}/manifest.json", "--sources", fixture, "-o", db,
             "--quiet"])
        routes = [json.loads(line) for line in run([binary, "routes"]).stdout.splitlines()]
        if len(routes) < 20:
            raise SystemExit(f"FAIL: `snamap routes` listed {len(routes)} routes")
        tokens = make_tokens(binary, work)
        proc, port = start_server(binary, db, web, f"{work}/config.json", work)
        try:
            seen = sweep(port, routes, tokens, work, failures, define_catchment(port))
            check_expectations(seen, port, tokens, failures)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
        requests = len(seen) * 2
        print(f"{len(routes)} routes, {len(seen) // len(CALLERS)} samples, "
              f"{len(CALLERS)} callers, {requests} requests (identity and gzip)")
    print(f"{len(failures)} failures" if failures else "no reserved marker reached a caller "
          "outside its group; partner and police callers saw theirs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
