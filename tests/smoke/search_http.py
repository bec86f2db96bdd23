#!/usr/bin/env python3
"""/api/search over real HTTP on real boundaries, with a postcode directory in the ONSPD layout.

Usage: search_http.py SNAMAP_BINARY SHARED_DATA SOURCE_DIR

Builds tests/data/search/manifest.json (the West Midlands LSOA 2011 and 2021, ward and borough
boundaries from SHARED_DATA, and the ONSPD-layout test fixture data/postcodes/
ONSPD_TEST_FIXTURE_WM.csv) with `snamap build`, serves it on 127.0.0.1:0 and asks /api/search.
Expected answers come from the sources themselves, read here with sqlite3 (the GeoPackages) and
csv (the fixture), not from the server: the Sutton wards, Lozells, codes in both LSOA vintages,
each postcode's location and LSOAs, each district's postcodes.
"""
import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from serve_wait import wait_for_port

KINDS = ["exact", "prefix", "words", "fuzzy", "partial"]


def fail(message, server=None):
    print("FAIL:", message)
    if server is not None:
        server.err.seek(0)
        print("--- server stderr:\n" + server.err.read()[-2000:])
    sys.exit(1)


class Server:
    def __init__(self, binary, db):
        self.out = tempfile.TemporaryFile(mode="w+")
        self.err = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [binary, "serve", db, "--host", "127.0.0.1", "--port", "0", "--threads", "2"],
            stdout=self.out, stderr=self.err)
        port = wait_for_port(self.proc, self.out, lambda message: fail(message, self))
        self.base = f"http://127.0.0.1:{port}"

    def search(self, q, limit=10, status=200):
        url = f"{self.base}/api/search?" + urllib.parse.urlencode({"q": q, "limit": limit})
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                got, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            got, body = e.code, e.read()
        if got != status:
            fail(f"{url}: status {got}, expected {status}: {body[:300]!r}", self)
        return json.loads(body)["results"] if status == 200 else None

    def stop(self):
        self.proc.terminate()  # by PID: the process this script started
        self.proc.wait(timeout=30)


def names(gpkg, sql):
    db = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        return [row for row in db.execute(sql)]
    finally:
        db.close()


def check(condition, message, server):
    if not condition:
        fail(message, server)
    print("ok ", message)


def check_ranked(results, query, server):
    kinds = [KINDS.index(r["match"]) for r in results if r["kind"] == "area"]
    check(kinds == sorted(kinds), f"'{query}': exact, prefix, words, fuzzy, partial in that order "
          f"({[r['match'] for r in results]})", server)


def check_names(server, shared):
    wards = f"{shared}/boundaries/wards22_wm_bgc.gpkg"
    sutton = sorted(n for (n,) in names(wards, "SELECT ward22_name FROM wards22")
                    if "sutton" in re.split(r"[^a-z]+", n.lower()))
    got = server.search("sutton coldfield", limit=50)
    check(sorted(r["name"] for r in got) == sutton and len(sutton) >= 8,
          f"'sutton coldfield' finds the {len(sutton)} Sutton wards and nothing else", server)
    check(all(r["set"] == "ward22" and r["match"] == "partial" and r["matched_words"] == ["sutton"]
              for r in got), "'sutton coldfield': partial matches on 'sutton', ward set", server)
    lozells = [n for (n,) in names(wards, "SELECT ward22_name FROM wards22") if n == "Lozells"]
    check(lozells == ["Lozells"], "the ward file has Lozells", server)
    got = server.search("lozels")
    check(got and got[0]["name"] == "Lozells" and got[0]["match"] == "fuzzy",
          "'lozels' finds Lozells first, as a fuzzy match", server)
    got = server.search("LOZELLS")
    check(got[0]["name"] == "Lozells" and got[0]["match"] == "exact", "'LOZELLS' is exact", server)
    for query in ["moseley", "hall green", "aston", "handsworht wood", "birmingham 00", "walsal"]:
        got = server.search(query, limit=50)
        check(bool(got), f"'{query}' finds something", server)
        check_ranked(got, query, server)
    got = server.search("moseley", limit=50)
    check([r["match"] for r in got[:2]] == ["exact", "fuzzy"] and got[0]["name"] == "Moseley",
          "'moseley': the ward exactly, then close spellings (e.g. Coseley)", server)
    got = server.search("kings norton", limit=50)
    check(got and all(r["match"] == "words" and r["name"].startswith("King's Norton") for r in got),
          "'kings norton' finds the King's Norton wards by their words", server)
    check(server.search("zzqxvw") == [], "'zzqxvw' finds nothing (an empty list, 200)", server)
    server.search("x" * 101, status=400)
    print("ok  a 101-character query is refused with 400")


def check_vintages(server, shared):
    b = shared + "/boundaries"
    db = sqlite3.connect(f"file:{b}/lsoa11_wm_bgc.gpkg?mode=ro", uri=True)
    db.execute(f"ATTACH 'file:{b}/lsoa21_wm_bgc.gpkg?mode=ro' AS b")
    code = db.execute("SELECT a.LSOA11CD FROM lsoa11 a JOIN b.lsoa21 x ON x.lsoa21_code = "
                      "a.LSOA11CD ORDER BY 1 LIMIT 1").fetchone()[0]
    db.close()
    got = server.search(code)
    check([r["code"] for r in got] == [code, code] and all(r["match"] == "exact" for r in got),
          f"{code} (in both vintages) gives two exact results", server)
    check({r["vintage"] for r in got} == {"2011", "2021"} and got[0]["vintage"] == "2021",
          f"{code}: the two carry vintages 2021 and 2011, newer first", server)
    check(got[0]["set_title"] != got[1]["set_title"], f"{code}: and different set titles", server)


def fixture_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_postcodes(server, fixture):
    rows = fixture_rows(fixture)
    kept = [r for r in rows if not r["doterm"] and r["lat"] != "99.999999" and
            r["pcds"] != "WR1 9ZZ"]
    row = next(r for r in kept if r["pcds"] == "B19 1HJ")
    for typed in ["B19 1HJ", "b191hj", " b19  1hj "]:
        got = server.search(typed)
        check(got and got[0]["kind"] == "postcode" and got[0]["code"] == "B19 1HJ",
              f"'{typed}' finds the postcode B19 1HJ first", server)
    pc = got[0]
    check(abs(pc["location"][0] - float(row["long"])) < 1e-9 and
          abs(pc["location"][1] - float(row["lat"])) < 1e-9, "B19 1HJ is where the file says", server)
    areas = {a["set"]: (a["code"], a["vintage"]) for a in pc["areas"]}
    check(areas == {"lsoa11": (row["lsoa11"], "2011"), "lsoa21": (row["lsoa21"], "2021")},
          f"B19 1HJ lies in LSOA 2011 {row['lsoa11']} and LSOA 2021 {row['lsoa21']}", server)
    b19 = sorted(r["pcds"] for r in kept if r["pcds"].split(" ")[0] == "B19")
    got = server.search("b19", limit=50)
    check(got[0]["kind"] == "postcode_district" and got[0]["code"] == "B19" and
          got[0]["postcodes"] == len(b19), f"'b19': the district with its {len(b19)} postcodes",
          server)
    listed = [r["code"] for r in got if r["kind"] == "postcode"]
    check(listed == b19, "'b19': then the district's postcodes in order", server)
    got = server.search("B19 1", limit=50)
    check([r["code"] for r in got if r["kind"] == "postcode"] ==
          [p for p in b19 if p.startswith("B19 1")], "'B19 1': the postcodes starting so", server)
    for skipped, why in [("B19 9ZX", "terminated"), ("B19 9ZY", "no grid reference"),
                         ("WR1 9ZZ", "outside the region")]:
        got = server.search(skipped)
        check(not any(r["kind"] == "postcode" for r in got), f"{skipped} ({why}) is not found",
              server)


def main():
    binary, shared, source = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(f"{source}/tests/data/search/manifest.json", work)
        fixture = f"{source}/data/postcodes/ONSPD_TEST_FIXTURE_WM.csv"
        shutil.copy(fixture, work)
        db = f"{work}/search.sqlite"
        built = subprocess.run([binary, "build", f"{work}/manifest.json", "--sources", shared,
                                "-o", db], capture_output=True, text=True)
        if built.returncode != 0:
            fail("snamap build: " + built.stderr[-2000:])
        server = Server(binary, db)
        try:
            check_names(server, shared)
            check_vintages(server, shared)
            check_postcodes(server, fixture)
        finally:
            server.stop()
    print("search over HTTP: all checks passed")


if __name__ == "__main__":
    main()
