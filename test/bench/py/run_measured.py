"""Runs one command (argv) with its output discarded and prints, as JSON, its wall time in
milliseconds and its peak resident memory (the kernel's ru_maxrss of the waited child, in KiB).
Each call is a fresh process, so the children's maximum is that one command's."""
import json
import resource
import subprocess
import sys
import time

start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
wall_ms = (time.perf_counter() - start) * 1000
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall_ms": wall_ms, "max_rss_kib": peak_kib, "code": code}))
