"""The baseline for `segscope verify` of a folder of small segments: the same reads in a plain
script. For every file of a folder: its name, its whole content, the CRC-32 of it; a line each."""
import os
import sys
import zlib

folder = sys.argv[1]
out = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as f:
        out.append(f"{name}\t{zlib.crc32(f.read()):08x}\n")
sys.stdout.write("".join(out))
