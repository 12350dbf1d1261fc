import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  /** The address it printed, the page's token in its fragment. */
  url: string;
}

/**
 * `segscope serve` as installed (`bin`: bin/segscope.cjs, and the bundles in dist/cli) in a
 * process of its own, once it prints its address. `started` gets the child before anything is
 * awaited, so a caller's cleanup ends it even when it never prints.
 */
export async function spawnServe(
  bin: string,
  dir: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; started?: (child: ChildProcessWithoutNullStreams) => void },
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--dir', dir, ...(options.args ?? [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  options.started?.(child);
  const url = await new Promise<string>((found, failed) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Segscope running at (\S+)/.exec(out);
      if (match?.[1]) found(match[1]);
    });
    child.once('exit', (code) => failed(new Error(`serve exited with ${code} before printing its address`)));
  });
  return { child, url };
}

/** Ends a served process with SIGTERM (it stops in order) and waits until it has. */
export async function stopServe(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}
