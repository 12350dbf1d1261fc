import type { CommandSpec } from './command.js';

/** Help fits a terminal of 100 columns. */
const WIDTH = 99;

/**
 * `text` in lines of at most WIDTH characters, the first after `first`, the rest after `indent`;
 * an option in brackets is never split.
 */
function wrap(text: string, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.match(/\[[^\]]*\]|\S+/g) ?? []) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

export function mainHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  return [
    'usage: segscope <command> <path> [options] [--json]',
    '',
    'Reads libSQL storage without changing it: libsql-wal segments, sqld data directories, their',
    'buckets. <path> may also be given as --dir <path>; --json prints one JSON document instead of',
    'text for people.',
    '',
    'commands:',
    ...commands.flatMap((c) => wrap(c.summary, `  ${c.name.padEnd(width - 2)}`, ' '.repeat(width))),
    '',
    '"segscope <command> --help" shows its options and an example; "segscope --version" the version.',
    '',
  ].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [...wrap(spec.usage, 'usage: segscope ', '         '), '', ...wrap(spec.summary, '', '')];
  lines.push('');
  if (spec.location) lines.push('<path> may also be given as --dir <path>, with the same meaning.');
  if (spec.options.namespace)
    lines.push(
      ...wrap(
        '--namespace takes a name, or where a bucket holds that name in two layouts the id `segscope namespaces` ' +
          'shows for it (its layout, a slash, the name: bottomless/default, libsql-wal@cluster-1/default).',
        '',
        '',
      ),
    );
  lines.push('--json prints one JSON document for programs instead of this text.');
  lines.push('', spec.examples.length === 1 ? 'example:' : 'examples:');
  for (const example of spec.examples) lines.push(...wrap(example, '  ', '      '));
  return `${lines.join('\n')}\n`;
}
