import { viewOf } from './byte-fields.js';
import { needBytes } from './need-bytes.js';
import { uuidFromLeBytes, uuidToLeBytes } from './uuid.js';

/**
 * A format's fixed header as one table of fields (name, offset, kind, byte order), so that its
 * decoder, encoder, detection and the quick status of a listing all read the same offsets.
 * A little-endian `uuid` is libsql's u128 written little-endian (uuid.ts); a big-endian one is the
 * UUID's bytes in order.
 */
export type FieldKind = 'u8' | 'u16' | 'u32' | 'i32' | 'u64' | 'uuid';

const FIELD_WIDTH: Readonly<Record<FieldKind, number>> = { u8: 1, u16: 2, u32: 4, i32: 4, u64: 8, uuid: 16 };

export interface HeaderField<K extends FieldKind = FieldKind> {
  readonly offset: number;
  readonly kind: K;
  /** Little-endian unless said otherwise: libsql writes little-endian, SQLite big-endian. */
  readonly littleEndian: boolean;
}

export type FieldValue<K extends FieldKind> = K extends 'u64' ? bigint : K extends 'uuid' ? string : number;

export type FieldSet = Readonly<Record<string, HeaderField>>;

export type DecodedFields<F extends FieldSet> = { -readonly [N in keyof F]: FieldValue<F[N]['kind']> };

export interface HeaderTable<F extends FieldSet> {
  /** How an error names the header ("a v1 segment header"). */
  readonly what: string;
  readonly size: number;
  readonly fields: F;
  /** The fields in table order, kept so a decode walks an array instead of the object's keys. */
  readonly entries: readonly (readonly [keyof F & string, HeaderField])[];
}

export function field<K extends FieldKind>(offset: number, kind: K, littleEndian = true): HeaderField<K> {
  return { offset, kind, littleEndian };
}

/** Checks at load that every field lies inside the header, so a typo in a table fails every test. */
export function headerTable<F extends FieldSet>(what: string, size: number, fields: F): HeaderTable<F> {
  const entries = Object.entries(fields) as [keyof F & string, HeaderField][];
  for (const [name, f] of entries) {
    if (f.offset < 0 || f.offset + FIELD_WIDTH[f.kind] > size) {
      throw new RangeError(`${what}: field ${name} at ${f.offset} does not fit in ${size} bytes`);
    }
  }
  return { what, size, fields, entries };
}

// Typed single-field readers for hot paths (a listing's quick status, a run of WAL frames): no
// object built per field. `base` is where the header starts in the view, for records back to back.
export function u64(view: DataView, f: HeaderField<'u64'>, base = 0): bigint {
  return view.getBigUint64(base + f.offset, f.littleEndian);
}

export function u32(view: DataView, f: HeaderField<'u32'>, base = 0): number {
  return view.getUint32(base + f.offset, f.littleEndian);
}

export function u16(view: DataView, f: HeaderField<'u16'>, base = 0): number {
  return view.getUint16(base + f.offset, f.littleEndian);
}

export function u32Set(view: DataView, f: HeaderField<'u32'>, value: number, base = 0): void {
  view.setUint32(base + f.offset, value, f.littleEndian);
}

/** A u16 field of a head that may be shorter than the header: null when it is not all there. */
export function u16If(head: Uint8Array, f: HeaderField<'u16'>): number | null {
  return head.length >= f.offset + 2 ? viewOf(head).getUint16(f.offset, f.littleEndian) : null;
}

export function readField<K extends FieldKind>(bytes: Uint8Array, view: DataView, f: HeaderField<K>): FieldValue<K>;
export function readField(bytes: Uint8Array, view: DataView, f: HeaderField): bigint | number | string {
  switch (f.kind) {
    case 'u8':
      return view.getUint8(f.offset);
    case 'u16':
      return view.getUint16(f.offset, f.littleEndian);
    case 'u32':
      return view.getUint32(f.offset, f.littleEndian);
    case 'i32':
      return view.getInt32(f.offset, f.littleEndian);
    case 'u64':
      return view.getBigUint64(f.offset, f.littleEndian);
    case 'uuid': {
      const raw = bytes.subarray(f.offset, f.offset + 16);
      return uuidFromLeBytes(f.littleEndian ? raw : raw.slice().reverse());
    }
  }
}

function writeField<K extends FieldKind>(
  bytes: Uint8Array,
  view: DataView,
  f: HeaderField<K>,
  value: FieldValue<K>,
): void;
function writeField(bytes: Uint8Array, view: DataView, f: HeaderField, value: bigint | number | string): void {
  switch (f.kind) {
    case 'u8':
      view.setUint8(f.offset, Number(value));
      return;
    case 'u16':
      view.setUint16(f.offset, Number(value), f.littleEndian);
      return;
    case 'u32':
      view.setUint32(f.offset, Number(value), f.littleEndian);
      return;
    case 'i32':
      view.setInt32(f.offset, Number(value), f.littleEndian);
      return;
    case 'u64':
      view.setBigUint64(f.offset, BigInt(value), f.littleEndian);
      return;
    case 'uuid': {
      const raw = uuidToLeBytes(String(value));
      bytes.set(f.littleEndian ? raw : raw.reverse(), f.offset);
      return;
    }
  }
}

/** Every field of the table, in table order; a head shorter than the header is TRUNCATED_SEGMENT. */
export function decodeHeader<F extends FieldSet>(table: HeaderTable<F>, bytes: Uint8Array): DecodedFields<F> {
  needBytes(bytes, table.size, table.what);
  const view = viewOf(bytes);
  const out: Record<string, bigint | number | string> = {};
  for (const [name, f] of table.entries) out[name] = readField(bytes, view, f);
  return out as DecodedFields<F>;
}

export type NumberFields<F extends FieldSet> = {
  -readonly [N in keyof F as F[N]['kind'] extends 'uuid' ? never : N]: FieldValue<F[N]['kind']>;
};

/**
 * Every field but the UUIDs, whose text a listing of many files never shows: building it was the
 * largest cost of a listing of 10,000 snapshots beyond its system calls.
 */
export function decodeHeaderNumbers<F extends FieldSet>(table: HeaderTable<F>, bytes: Uint8Array): NumberFields<F> {
  needBytes(bytes, table.size, table.what);
  const view = viewOf(bytes);
  const out: Record<string, bigint | number | string> = {};
  for (const [name, f] of table.entries) if (f.kind !== 'uuid') out[name] = readField(bytes, view, f);
  return out as NumberFields<F>;
}

/** A header's bytes with every field of `values` written; bytes no field covers stay zero. */
export function encodeHeader<F extends FieldSet>(table: HeaderTable<F>, values: DecodedFields<F>): Uint8Array {
  const bytes = new Uint8Array(table.size);
  const view = viewOf(bytes);
  for (const [name, f] of table.entries) writeField(bytes, view, f, values[name]);
  return bytes;
}
