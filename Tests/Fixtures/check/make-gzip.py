"""Writes the gzip fixtures of InitramfsArchiveTests with Python's zlib (the reference
DEFLATE): one newc cpio archive (sample.cpio), compressed as stored blocks (level 0), with
the fixed Huffman code (Z_FIXED), and with dynamic codes (level 9). Run from this folder:
python3 make-gzip.py"""
import random
import zlib


def newc(entries):
    out = b""
    for index, (name, data) in enumerate(entries + [("TRAILER!!!", b"")]):
        fields = [index + 1, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        out += b"070701" + b"".join(b"%08x" % f for f in fields) + name.encode() + b"\0"
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    return out + b"\0" * (-len(out) % 512)


rng = random.Random(13)
text = b"".join(b"line %d of a module list: virtio_blk virtio_net nvme\n" % (i % 97) for i in range(1000))
noise = bytes(rng.randrange(256) for _ in range(20000))
archive = newc([("init", b"#!/bin/sh\nexec /sbin/init\n"), ("conf/modules", text),
                ("usr/lib/modules/6.1.0-50-amd64/kernel/drivers/block/virtio_blk.ko", noise)])
open("sample.cpio", "wb").write(archive)
for name, level, strategy in (("stored", 0, zlib.Z_DEFAULT_STRATEGY), ("fixed", 6, zlib.Z_FIXED),
                              ("dynamic", 9, zlib.Z_DEFAULT_STRATEGY)):
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31, 9, strategy)
    open(f"sample-{name}.cpio.gz", "wb").write(compressor.compress(archive) + compressor.flush())
