#!/usr/bin/python3
"""Reads "A B" lines, prints "A B OP" as python3-packaging's Version orders
them; pairs where packaging refuses either string are dropped (counted on
stderr), since packaging >= 22 has no legacy order to compare with."""
import sys
from packaging.version import Version, InvalidVersion

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
