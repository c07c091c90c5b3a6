#!/usr/bin/env python3
"""Builds container images for tests from folders, one folder per layer.

    mkimage.py [options] OUT LAYERDIR...

Each LAYERDIR becomes one layer (bottom first): its files, links and
folders, with empty files named .wh.NAME / .wh..wh..opq kept as the OCI
whiteouts they are. Formats (--format):

  oci         an OCI image layout folder (oci-layout, index.json, blobs/)
  oci-tar     the same as one tar file
  docker      a tar file as `docker save` wrote it before Docker 25
              (manifest.json, CONFIG.json, ID/layer.tar)
  docker-dir  the same, unpacked into a folder
  docker25    a tar as Docker 25 and later write it: an OCI layout (names in
              io.containerd.image.name annotations) and a manifest.json
              naming the same blobs

--gzip compresses the OCI layers. --platform OS/ARCH[/VARIANT] (repeatable,
OCI only) builds one image per platform from the same layers under one
index. --nested puts the manifests in an index blob beside a buildx-style
attestation manifest. --name sets the image name (RepoTags, ref.name annotation).
--print-layers prints one line per layer: "INDEX DIFF_ID".
--flatten DIR also applies the layers into DIR the way a container runtime
does (whiteouts, opaque folders), as an independent oracle.

Deterministic: fixed mtimes, sorted members, uid/gid 0.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile

MTIME = 1700000000


def layer_tar(folder):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        entries = []
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                entries.append(os.path.join(root, name))
        for path in sorted(entries):
            rel = os.path.relpath(path, folder)
            ti = tf.gettarinfo(path, arcname=rel)
            ti.mtime = MTIME
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            if ti.isreg():
                with open(path, "rb") as f:
                    tf.addfile(ti, f)
            else:
                tf.addfile(ti)
    return buf.getvalue()


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def put_blob(blobs, data):
    d = sha(data)
    blobs[d] = data
    return d


def dumps(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def build(args):
    tars = [layer_tar(d) for d in args.layers]
    diff_ids = [sha(t) for t in tars]
    platforms = args.platform or ["linux/amd64"]
    blobs = {}
    layer_descs = []
    for t in tars:
        data = gzip.compress(t, mtime=0) if args.gzip else t
        mt = "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if args.gzip else "")
        layer_descs.append({"mediaType": mt, "digest": put_blob(blobs, data), "size": len(data)})
    manifests = []
    configs = []
    for plat in platforms:
        parts = plat.split("/")
        cfg = {"architecture": parts[1], "os": parts[0],
               "rootfs": {"type": "layers", "diff_ids": diff_ids},
               "config": {}, "created": "2023-11-14T22:13:20Z"}
        if len(parts) > 2:
            cfg["variant"] = parts[2]
        cfg_bytes = dumps(cfg)
        configs.append(cfg_bytes)
        cfg_desc = {"mediaType": "application/vnd.oci.image.config.v1+json",
                    "digest": put_blob(blobs, cfg_bytes), "size": len(cfg_bytes)}
        man = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
               "config": cfg_desc, "layers": layer_descs}
        man_bytes = dumps(man)
        desc = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": put_blob(blobs, man_bytes), "size": len(man_bytes)}
        if len(platforms) > 1:
            desc["platform"] = {"os": parts[0], "architecture": parts[1]}
            if len(parts) > 2:
                desc["platform"]["variant"] = parts[2]
        manifests.append(desc)
    if args.nested:
        # buildx style: an index blob holding the platform manifests and an
        # attestation manifest, which is not an image
        att = dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                     "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                "digest": put_blob(blobs, b"{}"), "size": 2},
                     "layers": []})
        manifests.append({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                          "digest": put_blob(blobs, att), "size": len(att),
                          "platform": {"os": "unknown", "architecture": "unknown"},
                          "annotations": {"vnd.docker.reference.type": "attestation-manifest",
                                          "vnd.docker.reference.digest": manifests[0]["digest"]}})
        inner = dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                       "manifests": manifests})
        manifests = [{"mediaType": "application/vnd.oci.image.index.v1+json",
                      "digest": put_blob(blobs, inner), "size": len(inner)}]
    if args.name:
        for d in manifests:
            d["annotations"] = {"org.opencontainers.image.ref.name": args.name}
            if args.format == "docker25":
                # what Docker 25+ writes: the full name for containerd, the tag for OCI
                d["annotations"] = {"io.containerd.image.name": args.name,
                                    "org.opencontainers.image.ref.name": args.name.rsplit(":", 1)[-1]}
    files = {}
    if args.format in ("oci", "oci-tar", "docker25"):
        files["oci-layout"] = dumps({"imageLayoutVersion": "1.0.0"})
        files["index.json"] = dumps({"schemaVersion": 2, "manifests": manifests})
        for d, data in blobs.items():
            files["blobs/sha256/" + d[7:]] = data
    if args.format == "docker25":
        files["manifest.json"] = dumps([{
            "Config": "blobs/sha256/" + hashlib.sha256(configs[0]).hexdigest(),
            "RepoTags": [args.name] if args.name else None,
            "Layers": ["blobs/sha256/" + d["digest"][7:] for d in layer_descs]}])
    elif args.format != "docker25":
        cfg_name = hashlib.sha256(configs[0]).hexdigest() + ".json"
        files[cfg_name] = configs[0]
        names = []
        for i, t in enumerate(tars):
            lid = hashlib.sha256(("layer%d" % i).encode() + t).hexdigest()
            files[lid + "/layer.tar"] = t
            files[lid + "/VERSION"] = b"1.0"
            names.append(lid + "/layer.tar")
        files["manifest.json"] = dumps([{"Config": cfg_name,
                                         "RepoTags": [args.name] if args.name else None,
                                         "Layers": names}])
    if args.format in ("oci", "docker-dir"):
        os.makedirs(args.out, exist_ok=True)
        for name, data in files.items():
            p = os.path.join(args.out, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(data)
    else:
        with tarfile.open(args.out, "w", format=tarfile.PAX_FORMAT) as tf:
            for name in sorted(files):
                ti = tarfile.TarInfo(name)
                ti.size = len(files[name])
                ti.mtime = MTIME
                tf.addfile(ti, io.BytesIO(files[name]))
    if args.print_layers:
        for i, d in enumerate(diff_ids):
            print(i, d)


def flatten(layers, out):
    """Applies layers the way the OCI image spec says, with os calls only."""
    os.makedirs(out, exist_ok=True)
    for folder in layers:
        for root, dirs, files in os.walk(folder):
            rel = os.path.relpath(root, folder)
            dst = os.path.normpath(os.path.join(out, rel))
            if ".wh..wh..opq" in files and os.path.isdir(dst):
                for n in os.listdir(dst):
                    q = os.path.join(dst, n)
                    if os.path.isdir(q) and not os.path.islink(q):
                        shutil.rmtree(q)
                    else:
                        os.unlink(q)
            for n in sorted(files):
                if n.startswith(".wh."):
                    if n == ".wh..wh..opq":
                        continue
                    q = os.path.join(dst, n[4:])
                    if os.path.isdir(q) and not os.path.islink(q):
                        shutil.rmtree(q)
                    elif os.path.lexists(q):
                        os.unlink(q)
            os.makedirs(dst, exist_ok=True)
            for n in sorted(dirs):
                q = os.path.join(dst, n)
                if os.path.lexists(q) and not os.path.isdir(q):
                    os.unlink(q)
            for n in sorted(files):
                if n.startswith(".wh."):
                    continue
                src, q = os.path.join(root, n), os.path.join(dst, n)
                if os.path.isdir(q) and not os.path.islink(q):
                    shutil.rmtree(q)
                elif os.path.lexists(q):
                    os.unlink(q)
                if os.path.islink(src):
                    os.symlink(os.readlink(src), q)
                else:
                    shutil.copy2(src, q)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", default="oci",
                    choices=["oci", "oci-tar", "docker", "docker-dir", "docker25"])
    ap.add_argument("--nested", action="store_true")
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--name")
    ap.add_argument("--platform", action="append")
    ap.add_argument("--print-layers", action="store_true")
    ap.add_argument("--flatten")
    ap.add_argument("out")
    ap.add_argument("layers", nargs="+")
    args = ap.parse_args()
    build(args)
    if args.flatten:
        flatten(args.layers, args.flatten)


if __name__ == "__main__":
    sys.exit(main())
