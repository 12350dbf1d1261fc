/**
 * The command line's options that core's messages name as what changes the outcome, each as the
 * screen's control that does the same (DESIGN.md: a message names the flag or button that changes
 * it). Core writes its sentences once, in the command line's words; an option with no control
 * here is left as the command line's.
 */
const CONTROLS: Readonly<Record<string, string>> = {
  '--allow-gaps': '“Allow gaps”',
  '--replace': '“Replace existing”',
  '--namespace': 'the namespaces in Sources',
  '--at-frame': '“Frame or time”',
  '--from': '“From point”',
  '--to': '“To point”',
  '--cluster-id': 'Remote settings’ “Cluster ID”',
  '--endpoint': 'Remote settings’ “Endpoint”',
};

/** An option as a message names it: a word of its own, not part of a path or a name (`/tmp/--x`, `a--b`). */
const OPTION = /(?<=^|[\s(])--[a-z][a-z-]*(?![\w-])/g;

/** A message of core's as the screen says it: each option it names as the control that does the same. */
export function inScreenWords(message: string): string {
  return message.replace(OPTION, (option) => CONTROLS[option] ?? option);
}
