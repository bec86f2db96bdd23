#!/usr/bin/env python3
"""Compares the AreaLocator join (pip_join_bench output) with the SpatiaLite join, point by point.

Inputs:
  SNAMAP_CSV     point_fid,area_index,area_code,on_boundary  (every point; area_index -1 = none)
  SPATIALITE_CSV id|code  (one row per (point, containing area) pair; no row = no area)
  IDS            one point id per line: the points SpatiaLite was run on (all, or a sample)

ST_Contains is false for a point on a polygon's boundary, while AreaLocator gives a point on a
shared border to the lowest-index area touching it. So "snamap joined, SpatiaLite did not" is
split by whether the point lies on the boundary of its snamap area (expected) or not (a real
disagreement). Prints key: value lines and up to 20 examples of each kind of disagreement.
"""

import sys
from collections import defaultdict


def read_snamap(path):
    codes, boundary = {}, {}
    with open(path) as f:
        next(f)
        for line in f:
            fid, index, code, on_boundary = line.rstrip("\n").split(",")
            fid = int(fid)
            codes[fid] = code if index != "-1" else None
            boundary[fid] = on_boundary == "1"
    return codes, boundary


def read_spatialite(path):
    rows = defaultdict(list)
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            fid, code = line.split("|", 1)
            rows[int(fid)].append(code)
    return rows


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: compare_joins.py SNAMAP_CSV SPATIALITE_CSV IDS")
    codes, on_boundary = read_snamap(argv[1])
    spl = read_spatialite(argv[2])
    with open(argv[3]) as f:
        ids = [int(line) for line in f if line.strip()]

    counts = defaultdict(int)
    examples = defaultdict(list)

    def note(kind, fid, detail):
        counts[kind] += 1
        if len(examples[kind]) < 20:
            examples[kind].append(f"{fid}: {detail}")

    for fid in ids:
        mine = codes.get(fid, "missing")
        theirs = spl.get(fid, [])
        if mine == "missing":
            note("missing_from_snamap_output", fid, "not in the pip_join_bench output")
            continue
        if len(theirs) > 1:
            note("spatialite_multiple_areas", fid, f"SpatiaLite {theirs}, snamap {mine}")
        if mine is None and not theirs:
            counts["agree_outside_all"] += 1
        elif mine is not None and mine in theirs:
            counts["agree_same_area"] += 1
            if on_boundary[fid]:
                counts["agree_same_area_on_boundary"] += 1
        elif mine is not None and not theirs:
            if on_boundary[fid]:
                note("boundary_snamap_only", fid, f"on the boundary of {mine}; ST_Contains false")
            else:
                note("disagree_snamap_only", fid, f"snamap {mine}, SpatiaLite none")
        elif mine is None:
            note("disagree_spatialite_only", fid, f"snamap none, SpatiaLite {theirs}")
        else:
            note("disagree_different_area", fid, f"snamap {mine}, SpatiaLite {theirs}")

    unknown = set(spl) - set(ids)
    counts["spatialite_rows_for_points_not_in_run"] = len(unknown)
    agree = counts["agree_same_area"] + counts["agree_outside_all"]
    both = counts["agree_same_area"] + counts["disagree_different_area"]
    print(f"points_compared: {len(ids)}")
    print(f"joined_by_both: {both}")
    print(f"agree: {agree}")
    for kind in ("agree_same_area", "agree_same_area_on_boundary", "agree_outside_all",
                 "boundary_snamap_only", "disagree_snamap_only", "disagree_spatialite_only",
                 "disagree_different_area", "spatialite_multiple_areas",
                 "missing_from_snamap_output", "spatialite_rows_for_points_not_in_run"):
        print(f"{kind}: {counts[kind]}")
    for kind, lines in examples.items():
        for line in lines:
            print(f"  example {kind}: {line}")


if __name__ == "__main__":
    main(sys.argv)
