#!/usr/bin/env python3
"""Helpers of bench/tiles/run.sh (standard library only).

    summarize.py gen DIR ROUNDS       table of the generation benchmark (tile_gen_bench, PostGIS)
    summarize.py http DIR ROUNDS      table of the wrk runs against snamap and nginx
    summarize.py choose CODES N SEED  pick about N tiles, spread evenly over the zooms, from the
                                      "http_code path" lines of a fetch; prints the paths
"""

import collections
import random
import re
import statistics
import sys


def median(values):
    return statistics.median(values) if values else float("nan")


# ------------------------------------------------------------------------------------- gen
def read_snamap_run(path):
    """One tile_gen_bench run over one zoom: (figures of that zoom, start-up seconds)."""
    figures, startup = None, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] == "zoom":
                figures = {
                    "tiles": int(parts[2]),
                    "non_empty": int(parts[3]),
                    "features": float(parts[4]),
                    "bytes": float(parts[5]),
                    "seconds": float(parts[6]),
                    "cpu": float(parts[9]),
                }
            elif line.startswith("startup_read_s:"):
                startup["read"] = float(parts[1])
            elif line.startswith("startup_build_s:"):
                startup["build"] = float(parts[1])
    return figures, startup


def read_counts(path, header):
    counts = {}
    with open(path) as f:
        if header:
            next(f)
        for line in f:
            z, x, y, features, size = line.split("\t")[:5]
            counts[(int(z), int(x), int(y))] = (int(features), int(size))
    return counts


def fmt_list(values, pattern="%.1f"):
    return ", ".join(pattern % v for v in values)


def summarize_gen(directory, rounds):
    postgis = collections.defaultdict(dict)  # zoom -> round -> (timing sum, backend cpu)
    baseline = []
    with open(f"{directory}/postgis_times.txt") as f:
        for line in f:
            r, what, seconds, cpu, _wall = line.split()
            if what == "baseline":
                baseline.append(float(seconds))
            else:
                postgis[int(what)][int(r)] = (float(seconds), float(cpu))
    zooms = sorted(postgis)
    snamap = {z: [read_snamap_run(f"{directory}/snamap_r{r}_z{z}.txt") for r in range(1, rounds + 1)]
              for z in zooms}
    startups = [s for runs in snamap.values() for _, s in runs]

    print("snamap start-up, excluded from tiles/s (median of %d runs): SQLite read %.2f s, "
          "layer build (projection, topology, per-zoom simplification, indexes) %.2f s"
          % (len(startups), median([s["read"] for s in startups]),
             median([s["build"] for s in startups])))
    print("wall clock (the issue's measure):")
    print("zoom | tiles | snamap tiles/s | PostGIS tiles/s | snamap/PostGIS median (per round)")
    wall_ratios, cpu_ratios = {}, {}
    for z in zooms:
        tiles = snamap[z][0][0]["tiles"]
        s_rates = [tiles / f["seconds"] for f, _ in snamap[z]]
        p_rates = [tiles / postgis[z][r][0] for r in range(1, rounds + 1)]
        wall_ratios[z] = [s / p for s, p in zip(s_rates, p_rates)]
        print("z%-3d | %5d | %14.0f | %15.1f | %6.1fx (%s)" % (
            z, tiles, median(s_rates), median(p_rates), median(wall_ratios[z]),
            fmt_list(wall_ratios[z])))
    print("CPU time (snamap: the encoding thread; PostGIS: the backend process, /proc schedstat):")
    print("zoom | snamap tiles/CPU-s | PostGIS tiles/CPU-s | snamap/PostGIS median (per round)")
    for z in zooms:
        tiles = snamap[z][0][0]["tiles"]
        s_rates = [tiles / f["cpu"] for f, _ in snamap[z]]
        p_rates = [tiles / postgis[z][r][1] for r in range(1, rounds + 1)]
        cpu_ratios[z] = [s / p for s, p in zip(s_rates, p_rates)]
        print("z%-3d | %18.0f | %19.1f | %6.1fx (%s)" % (
            z, median(s_rates), median(p_rates), median(cpu_ratios[z]), fmt_list(cpu_ratios[z])))
    if baseline:
        tiles14 = snamap[zooms[-1]][0][0]["tiles"]
        print("PostGIS wall time is the sum of psql's per-query \\timing (connection set-up "
              "excluded); the client round trip alone ('SELECT $1+$2+$3' prepared the same way) "
              "costs %.3f ms per query (median of %d rounds) and is included"
              % (median(baseline) / tiles14 * 1e3, len(baseline)))
    met_wall = [z for z in zooms if median(wall_ratios[z]) >= 10]
    met_cpu = [z for z in zooms if median(cpu_ratios[z]) >= 10]
    print("target >= 10x PostGIS per zoom: wall clock met at %d of %d zooms%s; CPU time met at "
          "%d of %d zooms%s" % (
              len(met_wall), len(zooms),
              "" if len(met_wall) == len(zooms) else " (not at %s)" % ", ".join(
                  "z%d" % z for z in zooms if z not in met_wall),
              len(met_cpu), len(zooms),
              "" if len(met_cpu) == len(zooms) else " (not at %s)" % ", ".join(
                  "z%d" % z for z in zooms if z not in met_cpu)))

    counts_s = read_counts(f"{directory}/snamap_counts.tsv", header=True)
    counts_p = read_counts(f"{directory}/postgis_counts.tsv", header=False)
    print("tiles (each unique tile of the list once): snamap vs PostGIS")
    print("zoom | unique | both non-empty | both empty | only snamap | only PostGIS | same count "
          "| snamap more | PostGIS more | max |diff| | features/tile | MVT bytes/tile snamap, PostGIS")
    for z in zooms:
        keys = sorted(k for k in counts_s if k[0] == z)
        pairs = [(counts_s[k][0], counts_p[k][0]) for k in keys]
        print("z%-3d | %6d | %14d | %10d | %11d | %12d | %10d | %11d | %12d | %10d | %13.1f | %.0f, %.0f" % (
            z, len(keys),
            sum(1 for a, b in pairs if a and b), sum(1 for a, b in pairs if not a and not b),
            sum(1 for a, b in pairs if a and not b), sum(1 for a, b in pairs if b and not a),
            sum(1 for a, b in pairs if a == b), sum(1 for a, b in pairs if a > b),
            sum(1 for a, b in pairs if b > a), max(abs(a - b) for a, b in pairs),
            statistics.mean(a for a, _ in pairs),
            statistics.mean(counts_s[k][1] for k in keys),
            statistics.mean(counts_p[k][1] for k in keys)))


# ------------------------------------------------------------------------------------ http
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def to_ms(text):
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError("not a wrk duration: " + text)
    return float(match.group(1)) * UNITS[match.group(2)]


def read_wrk(path):
    result = {"non2xx": 0, "errors": ""}
    with open(path) as f:
        text = f.read()
    result["rps"] = float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1))
    for pct in ("50", "99"):
        result["p" + pct] = to_ms(re.search(r"^\s+%s%%\s+(\S+)" % pct, text, re.M).group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if match:
        result["non2xx"] = int(match.group(1))
    match = re.search(r"Socket errors: (.*)", text)
    if match:
        result["errors"] = match.group(1).strip()
    result["requests"] = int(re.search(r"(\d+) requests in", text).group(1))
    result["cpu_us"] = float(re.search(r"server_cpu_s ([0-9.]+)", text).group(1)) * 1e6 / result["requests"]
    return result


def summarize_http(directory, rounds):
    runs = {name: [read_wrk(f"{directory}/wrk_{name}_r{r}.txt") for r in range(1, rounds + 1)]
            for name in ("snamap", "nginx")}
    print("server | requests/s median (per round) | p50 ms | p99 ms | server CPU us/request | "
          "non-2xx | socket errors")
    for name, results in runs.items():
        print("%-6s | %8.0f (%s) | %.2f | %.2f | %.1f (%s) | %d | %s" % (
            name, median([x["rps"] for x in results]),
            ", ".join("%.0f" % x["rps"] for x in results),
            median([x["p50"] for x in results]), median([x["p99"] for x in results]),
            median([x["cpu_us"] for x in results]), fmt_list([x["cpu_us"] for x in results]),
            sum(x["non2xx"] for x in results),
            "; ".join(x["errors"] for x in results if x["errors"]) or "none"))
    ratios = [s["rps"] / n["rps"] for s, n in zip(runs["snamap"], runs["nginx"])]
    print("snamap/nginx requests/s: %.2fx (median; per round %s); target >= 0.7x: %s"
          % (median(ratios), fmt_list(ratios, "%.2f"), "met" if median(ratios) >= 0.7 else "not met"))
    cpu = [n["cpu_us"] / s["cpu_us"] for s, n in zip(runs["snamap"], runs["nginx"])]
    print("nginx/snamap server CPU per request (= snamap/nginx requests per CPU-second): %.2fx "
          "(median; per round %s)" % (median(cpu), fmt_list(cpu, "%.2f")))


# ---------------------------------------------------------------------------------- choose
def choose(codes_path, wanted, seed):
    by_zoom = collections.defaultdict(list)
    with open(codes_path) as f:
        for line in f:
            code, path = line.split()
            if code == "200":
                by_zoom[int(path.split("/")[3])].append(path)
    # Water-filling: an equal share per zoom; zooms with fewer tiles give theirs to the rest.
    quota, left, open_zooms = {}, wanted, sorted(by_zoom)
    while open_zooms and left > 0:
        share = max(1, left // len(open_zooms))
        short = [z for z in open_zooms if len(by_zoom[z]) <= share]
        if not short:
            for i, z in enumerate(open_zooms):
                quota[z] = share + (1 if i < left - share * len(open_zooms) else 0)
            break
        for z in short:
            quota[z] = len(by_zoom[z])
            left -= quota[z]
            open_zooms.remove(z)
    rng = random.Random(seed)
    chosen = []
    for z in sorted(quota):
        chosen.extend(rng.sample(sorted(by_zoom[z]), min(quota[z], len(by_zoom[z]))))
    rng.shuffle(chosen)
    print("\n".join(chosen))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gen":
        summarize_gen(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "http":
        summarize_http(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "choose":
        choose(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
