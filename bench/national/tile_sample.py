#!/usr/bin/env python3
"""Prints "z x y" for a seeded sample of the tiles at zoom Z over a lon/lat box.

    tile_sample.py Z SAMPLE WEST SOUTH EAST NORTH
"""
import math
import random
import sys


def tile(lon, lat, z):
    x = (lon + 180) / 360 * 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z
    return int(x), int(y)


def main():
    z, sample = int(sys.argv[1]), int(sys.argv[2])
    w, s, e, n = map(float, sys.argv[3:7])
    (x0, y0), (x1, y1) = tile(w, n, z), tile(e, s, z)
    tiles = [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    random.Random(z).shuffle(tiles)
    for x, y in sorted(tiles[:sample]):
        print(z, x, y)


if __name__ == "__main__":
    main()
