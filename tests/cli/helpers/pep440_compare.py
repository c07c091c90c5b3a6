#!/usr/bin/python3
"""Reads "A B" lines, prints "A B OP" as python3-packaging's Version orders
them; pairs where packaging refuses either string are dropped (counted on
stderr), since packaging >= 22 has no legacy order to compare with."""
import sys
from packaging.version import Version, InvalidVersion

if sys.argv[1:] == ["--classify"]:
    # "X 0.dev0 OP": 0.dev0 is the least PEP 440 version, and every legacy
    # version sorts before every PEP 440 one, so OP is "<" exactly when
    # packaging refuses X
    low = Version("0.dev0")
    for line in sys.stdin:
        x = line.split()[0]
        try:
            v = Version(x)
            op = "<" if v < low else ">" if v > low else "="
        except InvalidVersion:
            op = "<"
        print(x, "0.dev0", op)
    sys.exit(0)

dropped = 0
for line in sys.stdin:
    a, b = line.split()
    try:
        x, y = Version(a), Version(b)
    except InvalidVersion:
        dropped += 1
        continue
    print(a, b, "<" if x < y else ">" if x > y else "=")
print("dropped %d pairs packaging refuses" % dropped, file=sys.stderr)
