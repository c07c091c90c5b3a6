#!/usr/bin/python3
"""Reads "A B" lines, prints <, = or > as python3-apt's apt_pkg orders them."""
import sys
import apt_pkg

apt_pkg.init_system()
for line in sys.stdin:
    a, b = line.split()
    c = apt_pkg.version_compare(a, b)
    print("<" if c < 0 else ">" if c > 0 else "=")
