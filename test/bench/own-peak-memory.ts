import { readFileSync } from 'node:fs';

/**
 * This process's own peak resident memory, in bytes: the kernel's VmHWM for its address space.
 * Not `resourceUsage().maxRSS`: Linux carries a forked child's high-water mark across exec, so a
 * child of the benchmark runner (which holds a gigabyte database at times) would report the
 * runner's memory as its own (a 42 MB child of a 464 MB parent reads 404 MB there).
 */
export function ownPeakMemoryBytes(): number {
  const status = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB$/m);
  if (!status?.[1]) throw new Error('/proc/self/status has no VmHWM line: peak memory cannot be read on this system');
  return Number(status[1]) * 1024;
}
