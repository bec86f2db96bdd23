#!/usr/bin/env python3
"""ctest lint/test_names: Catch test names must survive CTest's discovery.

CTest splits a discovered test name at ';' (a CMake list separator), so a TEST_CASE whose name
holds one becomes several CTest entries that match no test and pass without running anything.
usage: check_test_names.py REPO_ROOT
"""
import pathlib
import re
import sys

NAME = re.compile(r'TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"')


def main():
    root = pathlib.Path(sys.argv[1])
    bad = []
    for path in sorted((root / "tests").rglob("*.cpp")):
        for match in NAME.finditer(path.read_text(encoding="utf-8")):
            if ";" in match.group(1):
                line = path.read_text(encoding="utf-8")[: match.start()].count("\n") + 1
                bad.append(f"{path.relative_to(root)}:{line}: '{match.group(1)}'")
    for item in bad:
        print(f"test name with ';' (CTest would split it and run nothing): {item}")
    print(f"{len(bad)} bad test names" if bad else "test names: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
