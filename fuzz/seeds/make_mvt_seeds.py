#!/usr/bin/env python3
"""Writes small Mapbox Vector Tiles (spec 2.1) as seeds for the MVT decoder fuzzer.

Hand-encoded protobuf, so the seeds do not depend on the encoder under test.
usage: make_mvt_seeds.py OUT_DIR
"""
import os
import sys


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def length_delimited(field, payload):
    return key(field, 2) + varint(len(payload)) + payload


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def command(cmd, count):
    return (count << 3) | cmd


def geometry(*parts):
    """parts: (command id, [(dx, dy), ...]) pairs; 7 = ClosePath."""
    ints = []
    for cmd, points in parts:
        if cmd == 7:
            ints.append(command(7, 1))
            continue
        ints.append(command(cmd, len(points)))
        for dx, dy in points:
            ints += [zigzag(dx), zigzag(dy)]
    return b"".join(varint(i) for i in ints)


def value_string(text):
    return length_delimited(1, text.encode())


def value_double(x):
    import struct
    return key(3, 1) + struct.pack("<d", x)


def value_int(n):
    return key(4, 0) + varint(n)


def feature(fid, geom_type, geom, tags):
    packed_tags = b"".join(varint(t) for t in tags)
    return (key(1, 0) + varint(fid) + length_delimited(2, packed_tags) + key(3, 0) +
            varint(geom_type) + length_delimited(4, geom))


def layer(name, features, keys, values, extent=4096):
    body = key(15, 0) + varint(2) + length_delimited(1, name.encode())
    body += b"".join(length_delimited(2, f) for f in features)
    body += b"".join(length_delimited(3, k.encode()) for k in keys)
    body += b"".join(length_delimited(4, v) for v in values)
    body += key(5, 0) + varint(extent)
    return length_delimited(3, body)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    square = geometry((1, [(10, 10)]), (2, [(100, 0), (0, 100), (-100, 0)]), (7, []))
    hole = geometry((1, [(10, 10)]), (2, [(100, 0), (0, 100), (-100, 0)]), (7, []),
                    (1, [(80, -20)]), (2, [(0, -60), (-60, 0), (0, 60)]), (7, []))
    line = geometry((1, [(0, 0)]), (2, [(5, 5), (10, -3)]))
    points = geometry((1, [(1, 1), (20, 30)]))
    tiles = {
        "polygon.mvt": layer("areas", [feature(1, 3, square, [0, 0, 1, 1])], ["code", "value"],
                             [value_string("E01000001"), value_double(12.5)]),
        "polygon-hole.mvt": layer("areas", [feature(2, 3, hole, [0, 0])], ["code"],
                                  [value_string("E02")]),
        "lines-points.mvt": layer("roads", [feature(3, 2, line, [0, 0])], ["kind"],
                                  [value_string("a")]) +
        layer("schools", [feature(4, 1, points, [0, 0])], ["pupils"], [value_int(300)], 512),
        "empty-layer.mvt": layer("empty", [], [], []),
    }
    for name, data in tiles.items():
        with open(os.path.join(out_dir, name), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
