#!/usr/bin/python3
"""Random version pairs for the differential tests of `vouch version`.

usage: version_gen.py SCHEME SEED COUNT  -> COUNT lines "A B" on stdout
SCHEME: deb, pep440, semver, go. The generators aim at the corners: epochs,
tildes, long numbers, leading zeros, prerelease identifiers mixing digits and
letters, post/dev/local releases. Pairs are often near-copies of each other so
that comparisons get past the first difference.
"""
import random
import sys

scheme, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)


def num(big=True, zeros=True):
    k = r.random()
    if big and k < 0.05:
        return str(r.randrange(10**15, 10**25))
    if zeros and k < 0.15:
        return "0" * r.randint(1, 3) + str(r.randint(0, 20))
    return str(r.choice([0, 0, 1, 1, 2, 3, 9, 10, 11, 99, 100, r.randint(0, 1000)]))


def deb_chunk(chars):
    out = ""
    for _ in range(r.randint(0, 4)):
        k = r.random()
        if k < 0.45:
            out += num()
        elif k < 0.75:
            out += r.choice(["a", "b", "z", "A", "Z", "rc", "beta", "dfsg", "deb", "ubuntu"])
        else:
            out += r.choice(chars)
    return out


def deb():
    v = ""
    rev = r.random() < 0.6
    if r.random() < 0.3:
        v += r.choice(["0", "1", "2", "00", "10", "2147483647"]) + ":"
    # '-' and ':' may appear in the upstream part only when a revision and an
    # epoch follow and precede it
    v += num() + deb_chunk(".+~" + ("-" if rev else "") + (":" if v and rev else ""))
    if rev:
        v += "-" + r.choice(["", "0", "1"]) + deb_chunk(".+~")
        if v.endswith("-"):
            v += "1"
    return v


def pep440():
    v = r.choice(["", "", "", "v", "V"])
    if r.random() < 0.2:
        v += num(zeros=False) + "!"
    v += ".".join(num() for _ in range(r.randint(1, 4)))
    sep = lambda: r.choice(["", "", ".", "-", "_"])
    if r.random() < 0.4:
        v += sep() + r.choice(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC"])
        if r.random() < 0.7:
            v += sep() + num(big=False)
    if r.random() < 0.3:
        if r.random() < 0.3:
            v += "-" + num(big=False)
        else:
            v += sep() + r.choice(["post", "rev", "r", "POST"])
            if r.random() < 0.7:
                v += sep() + num(big=False)
    if r.random() < 0.3:
        v += sep() + r.choice(["dev", "DEV"])
        if r.random() < 0.7:
            v += sep() + num(big=False)
    if r.random() < 0.25:
        segs = [r.choice([num(big=False), "abc", "ubuntu", "x", "Z9", "1a"]) for _ in range(r.randint(1, 3))]
        v += "+" + segs[0] + "".join(r.choice(".-_") + s for s in segs[1:])
    return v


def ident(numeric_ok=True):
    k = r.random()
    if numeric_ok and k < 0.4:
        return str(r.choice([0, 1, 2, 10, 11, r.randint(0, 2**53 - 2)]))
    return r.choice(["alpha", "beta", "rc", "a", "b", "A", "Z", "-", "x-1", "1a", "a1", "0a", "pre-0", "--"])


def semver_core():
    return ".".join(str(r.choice([0, 1, 2, 10, r.randint(0, 2**53 - 2)])) for _ in range(3))


def semver():
    v = semver_core()
    if r.random() < 0.6:
        v += "-" + ".".join(ident() for _ in range(r.randint(1, 4)))
    if r.random() < 0.2:
        v += "+" + ".".join(ident() for _ in range(r.randint(1, 2)))
    return v


def go():
    k = r.random()
    if k < 0.1:
        return "v" + str(r.randint(0, 3))
    if k < 0.2:
        return "v%d.%d" % (r.randint(0, 3), r.randint(0, 3))
    if k < 0.5:
        # pseudo-versions, in their three forms
        ts = "20%02d%02d%02d%02d%02d%02d" % (r.randint(10, 26), r.randint(1, 12), r.randint(1, 28),
                                          r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))
        h = "%012x" % r.getrandbits(48)
        base = r.choice(["v0.0.0-%s-%s", "v1.2.4-0.%s-%s", "v1.2.3-pre.0.%s-%s"]) % (ts, h)
        return base + r.choice(["", "", "+incompatible"])
    v = "v" + semver()
    return v.split("+")[0] + r.choice(["", "", "+incompatible"])


def pep440junk():
    # PEP 440 strings with junk spliced in: packaging refuses some of them,
    # which must then be legacy versions for vouch too
    v = pep440()
    for _ in range(r.randint(1, 3)):
        i = r.randint(0, len(v))
        v = v[:i] + r.choice(["", ".", "-", "_", "+", "!", "a", "c", "r", "dev", "post", "pre",
                              "0", "..", "+-", "x", "~", "*"]) + v[i:]
    return v or "0"


gen = {"deb": deb, "pep440": pep440, "pep440junk": pep440junk, "semver": semver,
       "go": go}[scheme]


def mutate(v):
    # a near-copy: change one character class in place, or append something
    k = r.random()
    if k < 0.3:
        return v
    if k < 0.6:
        i = r.randrange(len(v))
        c = v[i]
        if scheme == "deb" and i < v.find(":"):
            return v  # dpkg refuses epochs past INT_MAX; keep them valid
        if c.isdigit():
            return v[:i] + str((int(c) + r.choice([1, 9])) % 10) + v[i + 1:]
        return v
    return gen()


for _ in range(count):
    a = gen()
    b = mutate(a) if r.random() < 0.5 else gen()
    print(a, b)
