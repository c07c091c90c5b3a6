#!/usr/bin/env python3
"""Writes an OCI image layout of one gzip layer holding many empty files with long names.

    mkimage-names.py OUT COUNT NAME_LEN [--whiteouts]

Each member is a regular empty file whose path is NAME_LEN bytes (folders of 200-byte
parts, a counter at the end), written with PAX headers; with --whiteouts every member
is a whiteout (.wh.NAME) instead. The layer compresses to a small fraction of what its
names take to remember: what tests of the image reader's memory bounds need.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def main():
    out, count, name_len = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    whiteouts = "--whiteouts" in sys.argv[4:]
    os.makedirs(out + "/blobs/sha256", exist_ok=True)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for i in range(count):
            tail = "%010d" % i
            body = name_len - len(tail) - (4 if whiteouts else 0)
            parts = []
            while body > 0:
                n = min(200, body)
                parts.append("d" * (n - 1) + "/" if n > 1 else "d")
                body -= n
            name = "".join(parts) + (".wh." if whiteouts else "") + tail
            ti = tarfile.TarInfo(name)
            ti.mtime = 1700000000
            t.addfile(ti)
    layer = raw.getvalue()
    gz = gzip.compress(layer, compresslevel=9, mtime=0)

    def blob(b):
        open(out + "/blobs/sha256/" + sha(b)[7:], "wb").write(b)
        return sha(b)
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [sha(layer)]}}).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": blob(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": blob(gz), "size": len(gz)}]}).encode()
    index = {"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": blob(manifest), "size": len(manifest)}]}
    open(out + "/index.json", "w").write(json.dumps(index))
    open(out + "/oci-layout", "w").write('{"imageLayoutVersion": "1.0.0"}')
    print(len(gz), len(layer))


main()
