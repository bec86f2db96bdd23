#!/usr/bin/env python3
"""Seeded tile lists for bench/tiles/run.sh (standard library only).

    make_tile_lists.py MIN_LON MIN_LAT MAX_LON MAX_LAT --zooms 6-14 --per-zoom 200 --seed 1

prints one "z x y" line per tile: for each zoom, tiles whose bounds touch the lon/lat box
(as geo::tiles_covering counts them). A zoom with at least --per-zoom such tiles gets a random
sample without repetition; a zoom with fewer gets all of them, repeated in a shuffled order
until --per-zoom lines are written, so every zoom has the same number of timed tiles.
--per-zoom 0 writes every covering tile once (the candidate pool of the HTTP benchmark).
"""

import argparse
import math
import random

MAX_LAT = 85.0511287798066


def tile_x(lon, zoom):
    n = 1 << zoom
    return min(n - 1, max(0, int(math.floor((lon + 180.0) / 360.0 * n))))


def tile_y(lat, zoom):
    n = 1 << zoom
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    rad = math.radians(lat)
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * n
    return min(n - 1, max(0, int(math.floor(y))))


def covering(box, zoom):
    min_lon, min_lat, max_lon, max_lat = box
    xs = range(tile_x(min_lon, zoom), tile_x(max_lon, zoom) + 1)
    ys = range(tile_y(max_lat, zoom), tile_y(min_lat, zoom) + 1)
    return [(zoom, x, y) for x in xs for y in ys]


def zoom_range(text):
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bounds", nargs=4, type=float, metavar="BOUND")
    parser.add_argument("--zooms", default="6-14", type=zoom_range)
    parser.add_argument("--per-zoom", default=200, type=int)
    parser.add_argument("--seed", default=1, type=int)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for zoom in args.zooms:
        tiles = covering(args.bounds, zoom)
        if args.per_zoom <= 0:
            chosen = list(tiles)
            rng.shuffle(chosen)
        elif len(tiles) >= args.per_zoom:
            chosen = rng.sample(tiles, args.per_zoom)
        else:
            chosen = []
            while len(chosen) < args.per_zoom:
                batch = list(tiles)
                rng.shuffle(batch)
                chosen.extend(batch)
            chosen = chosen[: args.per_zoom]
        for z, x, y in chosen:
            print(z, x, y)


if __name__ == "__main__":
    main()
