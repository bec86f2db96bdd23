#!/usr/bin/env python3
"""Size limits of docs/architecture.md: no source file over 500 lines and no function over 60
lines in server/ and geo/ (tests and generated code aside).

    tools/check_sizes.py [ROOT]

Functions are found by brace matching: a line ending in '{' whose text looks like a function
head (a parameter list, not a control statement, class, namespace or initialiser) opens one; its
length is counted from that line to the matching '}'. Prints each violation and exits 1 if any that tools/size_exceptions.txt does not list (one
"path" or "path: function head" per line: known debts, to be paid off, never added to lightly).
"""
import os
import re
import sys

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
FOLDERS = ("server", "geo")
NOT_FUNCTIONS = re.compile(
    r"^\s*(if|for|while|switch|else|do|try|catch|namespace|class|struct|enum|union|return)\b|=\s*\{$|^\s*\{$|\)\s*->.*\{$")
FUNCTION_HEAD = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(override)?\s*\{$")


def strip_strings(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split("//")[0].rstrip()


def long_functions(lines):
    out = []
    i = 0
    raw_string = False
    while i < len(lines):
        text = lines[i]
        if 'R"(' in text and ')"' not in text.split('R"(', 1)[1]:
            raw_string = True
        if raw_string:
            if ')"' in text:
                raw_string = False
            i += 1
            continue
        code = strip_strings(text)
        if FUNCTION_HEAD.search(code) and not NOT_FUNCTIONS.search(code) and not code.startswith(" " * 8):
            depth, j = 0, i
            while j < len(lines):
                c = strip_strings(lines[j])
                depth += c.count("{") - c.count("}")
                if depth <= 0 and j > i or (depth == 0 and j == i and "}" in c):
                    break
                j += 1
            length = j - i + 1
            if length > MAX_FUNCTION_LINES:
                out.append((i + 1, length, code.strip()))
            i = j + 1
            continue
        i += 1
    return out


def known_exceptions(root):
    path = os.path.join(root, "tools", "size_exceptions.txt")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    known = known_exceptions(root)
    problems = 0
    listed = 0
    for folder in FOLDERS:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    lines = f.read().split("\n")
                rel = os.path.relpath(path, root)
                if len(lines) > MAX_FILE_LINES:
                    mark = "known" if rel in known else "NEW"
                    print(f"{mark}: {rel}: {len(lines)} lines (limit {MAX_FILE_LINES})")
                    listed += rel in known
                    problems += rel not in known
                for line, length, head in long_functions(lines):
                    key = f"{rel}: {head[:60]}".strip()
                    mark = "known" if key in known else "NEW"
                    print(f"{mark}: {rel}:{line}: function of {length} lines (limit {MAX_FUNCTION_LINES}): {head[:80]}")
                    listed += key in known
                    problems += key not in known
    print(f"check_sizes: {problems} new problem(s), {listed} known (tools/size_exceptions.txt)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
