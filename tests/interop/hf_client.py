"""Runs a batch of huggingface_hub calls (JSON on stdin) and prints their results as JSON on stdout.

Each operation is {"op": name, ...keyword arguments}. Downloads answer the local path and the SHA-256
of the bytes (a snapshot: of every file below it); uploads answer the commit id. One Python start-up
per batch keeps the interop tests fast.
"""
import hashlib
import json
import os
import sys

from huggingface_hub import HfApi, hf_hub_download, snapshot_download


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tree(root):
    out = {}
    for base, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in files:
            full = os.path.join(base, name)
            out[os.path.relpath(full, root).replace(os.sep, "/")] = sha256(full)
    return out


def main():
    request = json.load(sys.stdin)
    results = []
    for op in request:
        kind = op.pop("op")
        if kind == "hf_hub_download":
            path = hf_hub_download(**op)
            results.append({"path": path, "sha256": sha256(path)})
        elif kind == "snapshot_download":
            path = snapshot_download(**op)
            results.append({"path": path, "files": tree(path)})
        elif kind in ("upload_file", "upload_folder"):
            api = HfApi(endpoint=op.pop("endpoint"), token=op.pop("token"))
            info = getattr(api, kind)(**op)
            results.append({"commit": info.oid})
        else:
            raise SystemExit(f"unknown op {kind}")
    json.dump(results, sys.stdout)


main()
