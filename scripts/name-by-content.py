#!/usr/bin/env python3
"""Renames the main script, the main wasm and the wasm-split loader by their final content.

With `--split`, cargo-leptos names each file by the MD5 of its content and only then writes
the loader's name into the main script and wasm, and the script's name into the loader
(cargo-leptos #658). Their names then do not follow their content, so the server cannot let
browsers keep them for a year. They also name each other, so no file of the three can be
named by its own content alone. This gives the three one name hash H: the unpadded
base64url MD5 of their contents, in name order (loader, script, wasm), with every one of
their hashes written as 22 underscores. The server checks exactly that at start
(server/src/assets.rs, "a group of names") before it sends them as immutable.

Run by `make build` after `cargo leptos build --release --split`, before precompress.sh.
Does nothing for a build without `--split` or hashed names, or one already renamed.
Usage: scripts/name-by-content.py [site pkg dir] [hash file]
"""
import base64
import hashlib
import pathlib
import sys

PKG = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/site/pkg")
HASH_FILE = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "target/release/hash.txt")
OUTPUT_NAME = "kakehashi"
MASK = b"_" * 22

if not HASH_FILE.is_file():
    sys.exit(0)
lines = HASH_FILE.read_text().splitlines()
hashes = dict(line.split(": ", 1) for line in lines if ": " in line)
if "split" not in hashes or hashes["js"] == hashes["wasm"] == hashes["split"]:
    sys.exit(0)

# In name order: `__wasm_split.` sorts before `kakehashi.`, `.js` before `.wasm`.
group = [
    ("split", "__wasm_split.{}.js"),
    ("js", OUTPUT_NAME + ".{}.js"),
    ("wasm", OUTPUT_NAME + ".{}.wasm"),
]
old = {kind: hashes[kind].encode() for kind, _ in group}
contents = {kind: (PKG / pattern.format(hashes[kind])).read_bytes() for kind, pattern in group}


def masked(data: bytes) -> bytes:
    for h in old.values():
        data = data.replace(h, MASK)
    return data


digest = hashlib.md5(b"".join(masked(contents[kind]) for kind, _ in group)).digest()
new = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
for kind, pattern in group:
    data = contents[kind]
    for h in old.values():
        data = data.replace(h, new.encode())
    (PKG / pattern.format(new)).write_bytes(data)
    stale = PKG / pattern.format(hashes[kind])
    for path in (stale, stale.with_name(stale.name + ".br"), stale.with_name(stale.name + ".gz")):
        path.unlink(missing_ok=True)
HASH_FILE.write_text(
    "".join(
        f"{k}: {new if k in old else v}\n" for k, v in (l.split(": ", 1) for l in lines if ": " in l)
    )
)
print(f"named the script, the wasm and the split loader by their content: {new}")
