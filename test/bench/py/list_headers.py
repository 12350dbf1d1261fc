"""The baseline for `segscope list --json`: the same I/O in a plain script. For every file of a
folder: its name, a stat, the first N bytes; then the whole as JSON on stdout."""
import json
import os
import sys

folder, head = sys.argv[1], int(sys.argv[2])
rows = []
for name in os.listdir(folder):
    path = os.path.join(folder, name)
    size = os.stat(path).st_size
    with open(path, "rb") as f:
        header = f.read(head)
    rows.append({"name": name, "size": size, "header": header.hex()})
json.dump(rows, sys.stdout)
