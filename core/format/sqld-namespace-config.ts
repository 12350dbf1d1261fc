import { SegscopeError } from '../errors.js';

/**
 * A namespace's configuration as sqld's metastore keeps it: the protobuf message
 * `metadata.DatabaseConfig` of libsql-replication (field numbers below), decoded without a
 * protobuf library since only varints and length-delimited fields occur. Unknown fields are kept
 * by number, so a newer sqld's additions still show.
 */
const FIELDS: Readonly<Record<number, { name: string; kind: 'bool' | 'uint' | 'text' | 'secret' | 'enum' }>> = {
  1: { name: 'block_reads', kind: 'bool' },
  2: { name: 'block_writes', kind: 'bool' },
  3: { name: 'block_reason', kind: 'text' },
  4: { name: 'max_db_pages', kind: 'uint' },
  5: { name: 'heartbeat_url', kind: 'text' },
  6: { name: 'bottomless_db_id', kind: 'text' },
  // A signing key: its presence is worth showing, its value never.
  7: { name: 'jwt_key', kind: 'secret' },
  8: { name: 'txn_timeout_s', kind: 'uint' },
  9: { name: 'allow_attach', kind: 'bool' },
  10: { name: 'max_row_size', kind: 'uint' },
  11: { name: 'shared_schema', kind: 'bool' },
  12: { name: 'shared_schema_name', kind: 'text' },
  13: { name: 'durability_mode', kind: 'enum' },
};

export type NamespaceConfig = Record<string, string | number | boolean>;

/** A config larger than any real one (a few hundred bytes) is refused before it is read. */
const MAX_CONFIG_BYTES = 64 * 1024;

function malformed(why: string): SegscopeError {
  return new SegscopeError('HEADER_MISMATCH', `a namespace configuration in the metastore is not protobuf: ${why}`);
}

function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i] ?? 0;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) {
      if (!Number.isSafeInteger(value)) throw malformed(`a number at byte ${at} is too large`);
      return [value, i + 1];
    }
  }
  throw malformed(`a number at byte ${at} does not end`);
}

export function decodeNamespaceConfig(bytes: Uint8Array): NamespaceConfig {
  if (bytes.length > MAX_CONFIG_BYTES) throw malformed(`${bytes.length} bytes, more than any configuration`);
  const config: NamespaceConfig = {};
  let at = 0;
  while (at < bytes.length) {
    const [key, afterKey] = varint(bytes, at);
    const [number, wire] = [Math.floor(key / 8), key % 8];
    const known = FIELDS[number];
    const name = known?.name ?? `field_${number}`;
    if (wire === 0) {
      const [value, next] = varint(bytes, afterKey);
      config[name] = known?.kind === 'bool' ? value !== 0 : value;
      at = next;
    } else if (wire === 2) {
      const [length, start] = varint(bytes, afterKey);
      if (start + length > bytes.length) throw malformed(`field ${number} runs past the end`);
      const text = new TextDecoder().decode(bytes.subarray(start, start + length));
      config[name] = known?.kind === 'secret' ? '(set)' : text;
      at = start + length;
    } else {
      throw malformed(`field ${number} has wire type ${wire}, which DatabaseConfig never uses`);
    }
  }
  return config;
}
