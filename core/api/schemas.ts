import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { SegscopeError } from '../errors.js';
import { LAYOUT_NAMES } from '../model/results.js';
import { BUCKET_LAYOUTS } from '../model/settings.js';
import { U64_MAX } from '../format/segment-key.js';
import type { ApiMethod, SegscopeApi } from './api-contract.js';
import { namespaceName } from '../model/namespace-id.js';
import { checkNamespace } from '../layouts/namespace.js';
import { LOG_FOLDERS } from '../format/sqld-names.js';
import { isGenerationId } from '../format/bottomless-generation.js';

/**
 * The input schema of every API method. Whatever crosses a process boundary (Electron IPC, the
 * browser mode's HTTP) is checked here before use, and the list of methods the transports bind is
 * this object's keys, so a method cannot be exposed without a schema.
 */
const u64 = z.bigint().min(0n).max(U64_MAX);
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => isAbsolute(p) && !p.includes('\0'), 'must be an absolute path');
/**
 * A namespace's name, or its id: the layout holding it and a slash before the name
 * (model/namespace-id.ts). The name becomes a folder's name in a data directory, so never empty,
 * `.` or `..`.
 */
const namespace = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9_.:@-]{1,200}\/)?[^/]+$/,
    'is a name, or its layout (1 to 200 letters, digits, "_", ".", ":", "@" or "-") and a "/" before it',
  )
  .superRefine((n, ctx) => {
    // The name refused in the words the commands use for it.
    try {
      checkNamespace(namespaceName(n));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });
const plainName = (n: string) => n !== '' && !/[/\\\0]/.test(n) && n !== '.' && n !== '..';
/** A file's own name within the open namespace, or within one of sqld default mode's log folders (`snapshots/…`). */
const isFileName = (n: string) => {
  const slash = n.indexOf('/');
  return slash < 0 ? plainName(n) : LOG_FOLDERS.includes(n.slice(0, slash)) && plainName(n.slice(slash + 1));
};
const logFolders = LOG_FOLDERS.map((f) => `${f}/`).join(' or ');
const fileName = z.string().min(1).max(255).refine(isFileName, `must be a plain file name, or one in ${logFolders}`);
/** A bottomless object's key as a listing gives it: `{db_name}-{generation}/{object}`. */
const isGenerationObject = (n: string) => {
  const [folder = '', object = '', ...more] = n.split('/');
  return more.length === 0 && plainName(folder) && isGenerationId(folder.slice(-36)) && plainName(object);
};
/** What Verify all sends: the names the listing gives its rows, in any layout. */
const rowFile = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (n) => isFileName(n) || isGenerationObject(n),
    `must be a plain file name, one in ${logFolders}, or a generation folder and an object name`,
  );
/** A file name, or a bottomless object's `{db_name}-{generation}/{name}` key (the layout checks which it takes). */
const fileOrObjectKey = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (n) =>
      n.split('/').length <= 2 && n.split('/').every((p) => p !== '' && p !== '.' && p !== '..' && !/[\\\0]/.test(p)),
    'must be a plain file name or a generation folder and an object name',
  );
const clusterId = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/);
/** The caller's name for one verify made of several calls. */
const verifyTask = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, '1 to 64 letters, digits, "_", ".", ":" or "-"');

const bucketLayout = z.enum(BUCKET_LAYOUTS);

export const remoteSettingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('directory'), path: absolutePath, clusterId, layout: bucketLayout.optional() }),
  z.strictObject({
    kind: z.literal('s3'),
    layout: bucketLayout.optional(),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name'),
    endpoint: z.url({ protocol: /^https?$/ }).nullable(),
    region: z.string().min(1).max(64),
    clusterId,
    accessKeyId: z.string().min(1).max(256).nullable(),
    secretAccessKey: z.string().min(1).max(1024).nullable(),
  }),
]);

const empty = z.strictObject({});
/** A bottomless generation's id, as `points` gives it. */
const generation = z.guid().optional();
const point = z.strictObject({
  atFrameNo: u64.optional(),
  generation,
  atTime: z.iso.datetime({ offset: true }).optional(),
  atWalFrame: u64.optional(),
  allowGaps: z.boolean().optional(),
});

const apiSchemas = {
  getSettings: empty,
  openDirectory: z.strictObject({
    dir: absolutePath,
    namespace: namespace.optional(),
    layout: z.enum(LAYOUT_NAMES).optional(),
  }),
  selectNamespace: z.strictObject({ namespace }),
  namespaces: empty,
  list: empty,
  listFirst: z.strictObject({ rows: z.number().int().min(1).max(10_000) }),
  points: empty,
  listRemote: empty,
  inspect: z.strictObject({ file: fileOrObjectKey, frames: z.boolean().optional() }),
  verify: z
    .strictObject({
      files: z.array(rowFile).max(1_000_000).optional(),
      scope: z.literal('namespace').optional(),
      task: verifyTask.optional(),
    })
    .refine((v) => !(v.files && v.scope), {
      message: "asks for its own files and for the namespace's checks alone: one or the other",
      path: ['scope'],
    }),
  compare: z.strictObject({ a: fileName, b: fileName }),
  readPage: z.strictObject({ file: fileName, pageNo: z.number().int().min(1).max(0xffffffff) }),
  storeFiles: z.strictObject({ paths: z.array(absolutePath).min(1).max(10_000), replace: z.boolean().optional() }),
  fetchByFrame: z.strictObject({
    frameNo: u64,
    namespace: namespace.optional(),
    destDir: absolutePath,
    replace: z.boolean().optional(),
  }),
  fetchToCache: z.strictObject({ frameNo: u64 }),
  meta: z.strictObject({ namespace: namespace.optional() }),
  setRemote: remoteSettingsSchema,
  testRemote: z.strictObject({ remote: remoteSettingsSchema.optional() }),
  restore: z.strictObject({
    out: absolutePath,
    untilFrameNo: u64.optional(),
    generation,
    untilTime: z.iso.datetime({ offset: true }).optional(),
    untilWalFrame: u64.optional(),
    allowGaps: z.boolean().optional(),
  }),
  sql: z.strictObject({
    query: z.string().min(1).max(100_000),
    atFrameNo: u64.optional(),
    generation,
    atTime: z.iso.datetime({ offset: true }).optional(),
    atWalFrame: u64.optional(),
    allowGaps: z.boolean().optional(),
    limit: z.number().int().min(1).max(1_000_000).optional(),
    timeoutSeconds: z.number().positive().max(86_400).optional(),
  }),
  cancelQuery: empty,
  cancelRestore: empty,
  cancelVerify: z.strictObject({ task: verifyTask.optional() }),
  diff: z.strictObject({
    from: point,
    to: point,
    limit: z.number().int().min(1).max(100_000).optional(),
    timeoutSeconds: z.number().positive().max(86_400).optional(),
  }),
} satisfies { [M in ApiMethod]: z.ZodType<Parameters<SegscopeApi[M]>[0]> };

export const API_METHODS = Object.keys(apiSchemas) as ApiMethod[];

function isApiMethod(name: string): name is ApiMethod {
  return Object.hasOwn(apiSchemas, name);
}

/**
 * What every transport calls: refuses an unknown method or input that does not match its schema
 * with INVALID_ARGUMENT, then calls the method with the parsed (not the raw) input.
 */
export async function invokeApi(api: SegscopeApi, method: string, rawInput: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new SegscopeError('INVALID_ARGUMENT', `"${method}" is not a Segscope API method`);
  const parsed = apiSchemas[method].safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `its ${issue.path.join('.')}` : 'its input';
    // zod's message is a fragment ("Too big: expected number to be <=1000000"): it goes in brackets.
    const why = issue ? ` (${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)})` : '';
    throw new SegscopeError('INVALID_ARGUMENT', `a ${method} request was refused: ${field} is not valid${why}`);
  }
  // The schema checked the input against this very method; TypeScript cannot tie the two together.
  return (api[method] as (input: unknown) => Promise<unknown>).call(api, parsed.data);
}
