import type { CommandSpec } from '../command.js';
import { REMOTE_OPTIONS, REMOTE_USAGE } from '../remote-options.js';

/**
 * Every `segscope` subcommand: what help and argument checks need, here, and what it does in a
 * module of its own beside this one, loaded only when it runs. Installed, each of those modules
 * is a bundle of its own (dist/cli/<name>.cjs): a command parses only its own code, and
 * `--help` none of it (parsing all of it would slow every start).
 */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'namespaces',
    usage: `namespaces <path> ${REMOTE_USAGE}`,
    summary:
      "the namespaces found, with their segment counts and newest frames; with --remote, the bucket's " +
      'beside them (every layout it holds), each marked local, remote or both',
    options: REMOTE_OPTIONS,
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope namespaces ./demo.sqld'],
    wholeListing: true,
    load: () => import('./namespaces.js'),
  },
  {
    name: 'list',
    usage: `list <path> ${REMOTE_USAGE}`,
    summary: "a namespace's segments by start frame (local and remote side by side), gaps, overlaps, its database file",
    options: REMOTE_OPTIONS,
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope list ./demo.sqld --namespace analytics'],
    wholeListing: true,
    load: () => import('./list.js'),
  },
  {
    name: 'inspect',
    usage:
      'inspect <file> [--frames] [--page N] [--remote s3://<bucket>|file://<dir> [--endpoint <url>] [--region <r>]]',
    summary:
      'format, header fields, size, checksum, name agreement; --frames adds every frame header; --page N shows a ' +
      "page (a segment's newest version, or a database file's); with --remote, <file> is the key of a " +
      'bottomless object (a batch, a snapshot, .meta, .dep)',
    options: {
      frames: { type: 'boolean' },
      page: { type: 'string' },
      remote: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
    examples: [
      'segscope inspect ./demo.sqld/dbs/default/data-wal/00000000000000000154.seg --frames',
      'segscope inspect "ns-:default-019a…/000000000001-000000000020-1700000000.zstd" --remote s3://backups --frames',
    ],
    load: () => import('./inspect.js'),
  },
  {
    name: 'verify',
    usage: `verify <file or path> ${REMOTE_USAGE}`,
    summary:
      'every check of the format on a file, or on every segment of a namespace and their chain; exit 1 on an ' +
      'error (warnings do not fail)',
    options: REMOTE_OPTIONS,
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope verify ./demo.sqld --namespace analytics'],
    wholeListing: true,
    load: () => import('./verify.js'),
  },
  {
    name: 'compare',
    usage: 'compare <a> <b>',
    summary: 'header fields side by side (differences marked *), pages only in a, only in b, changed, same',
    options: {},
    positionals: { min: 2, max: 2 },
    examples: ['segscope compare segments/a.seg segments/b.seg'],
    load: () => import('./compare.js'),
  },
  {
    name: 'store',
    usage: `store <file>… --dir <path> [--replace] ${REMOTE_USAGE}`,
    summary: 'store segment files under their keys (from their headers), then upload them to the remote',
    options: { dir: { type: 'string' }, replace: { type: 'boolean' }, ...REMOTE_OPTIONS },
    positionals: { min: 1, max: Number.MAX_SAFE_INTEGER },
    examples: ['segscope store ./rescued/*.seg --dir ./seed-prefix'],
    load: () => import('./store.js'),
  },
  {
    name: 'fetch',
    usage: `fetch <path> --frame N --dest <file or folder/> [--generation <uuid>] [--replace] ${REMOTE_USAGE}`,
    summary:
      'hard-link the segment holding frame N (local, else fetched from the remote and cached) to the ' +
      'destination (copied if its owner still writes it: a wallog, a WAL file); a --dest ending in / is a folder',
    options: {
      frame: { type: 'string' },
      dest: { type: 'string' },
      generation: { type: 'string' },
      replace: { type: 'boolean' },
      ...REMOTE_OPTIONS,
    },
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope fetch ./demo.sqld --frame 300 --dest ./fetched/'],
    load: () => import('./fetch.js'),
  },
  {
    name: 'meta',
    usage: `meta <path> ${REMOTE_USAGE}`,
    summary: 'the highest frame number known for the namespace, locally or in the remote',
    options: REMOTE_OPTIONS,
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope meta ./demo.sqld --namespace analytics'],
    load: () => import('./meta.js'),
  },
  {
    name: 'points',
    usage: `points <path> ${REMOTE_USAGE}`,
    summary:
      'every point a restore can stand at: each commit of a sealed segment, the end of a compacted one, and ' +
      "(sqld's default mode) each commit of data-wal as wal:N",
    options: REMOTE_OPTIONS,
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope points ./demo.sqld'],
    wholeListing: true,
    load: () => import('./points.js'),
  },
  {
    name: 'restore',
    usage:
      `restore <path> --out <db or folder/> [--until-frame N|wal:N|<generation>:N | --until-time ISO] ` +
      `[--generation <uuid>] [--allow-gaps] ${REMOTE_USAGE}`,
    summary:
      'a SQLite database as of the newest restore point <= N (default: the latest): a commit in a sealed ' +
      "segment, or a compacted segment's end; an --out ending in / is a folder",
    options: {
      out: { type: 'string' },
      'until-frame': { type: 'string' },
      'until-time': { type: 'string' },
      'allow-gaps': { type: 'boolean' },
      generation: { type: 'string' },
      ...REMOTE_OPTIONS,
    },
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope restore ./demo.sqld --out ./restored/ --until-frame 400'],
    wholeListing: true,
    load: () => import('./restore.js'),
  },
  {
    name: 'sql',
    usage:
      `sql <path> "<query>" [--at-frame N|wal:N|<generation>:N | --at-time ISO] [--limit K] [--timeout S] ` +
      `[--allow-gaps] ${REMOTE_USAGE}`,
    summary:
      'one read-only query on the database as of a point (writes, ATTACH and second statements are READ_ONLY), ' +
      'ended after --timeout seconds (30 by default: QUERY_TIMEOUT)',
    options: {
      'at-frame': { type: 'string' },
      'at-time': { type: 'string' },
      limit: { type: 'string' },
      timeout: { type: 'string' },
      'allow-gaps': { type: 'boolean' },
      ...REMOTE_OPTIONS,
    },
    positionals: { min: 1, max: 1 },
    location: true,
    examples: ['segscope sql ./demo.sqld "SELECT count(*) FROM accounts" --at-frame 400 --timeout 60'],
    wholeListing: true,
    load: () => import('./sql.js'),
  },
  {
    name: 'diff',
    usage:
      `diff <path> --from N|wal:N|<generation>:N|ISO --to N|wal:N|<generation>:N|ISO [--limit K] [--timeout S] ` +
      `[--allow-gaps] ${REMOTE_USAGE}`,
    summary:
      'schema and row changes between two points (each N, wal:N, <generation>:N or an ISO time), per table, ' +
      'rows matched by key, ended after --timeout seconds (30 by default: QUERY_TIMEOUT)',
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      timeout: { type: 'string' },
      'allow-gaps': { type: 'boolean' },
      ...REMOTE_OPTIONS,
    },
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope diff ./demo.sqld --from 300 --to 400 --limit 5'],
    wholeListing: true,
    load: () => import('./diff.js'),
  },
  {
    name: 'demo',
    usage: 'demo <dir> [--layout sqld|seed] [--remote file://<dir>] [--cluster-id <id>] [--segments N] [--seed S]',
    summary:
      'write demo data from a real SQLite workload: a sqld data directory with three namespaces (two of ' +
      'libsql-wal, each with an unsealed current segment, and one of the default mode) and a bottomless backup ' +
      'in <dir>-bucket beside it, or the seed layout with a gap, an overlap and a directory remote',
    examples: ['segscope demo ./demo.sqld'],
    options: {
      layout: { type: 'string' },
      remote: { type: 'string' },
      'cluster-id': { type: 'string' },
      segments: { type: 'string' },
      seed: { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
    load: () => import('./demo.js'),
  },
  {
    name: 'serve',
    usage: `serve <path> [--port P] ${REMOTE_USAGE}`,
    summary: 'the UI in a browser, on 127.0.0.1 only, behind a random token (reach it over an SSH tunnel)',
    options: { port: { type: 'string' }, ...REMOTE_OPTIONS },
    positionals: { min: 0, max: 0 },
    location: true,
    examples: ['segscope serve ./demo.sqld --port 8080'],
    wholeListing: true,
    load: () => import('./serve.js'),
  },
];
