/** Two hex digits for each byte value: a listing decodes a UUID a file. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * libsql-wal stores a segment id as the u128 value of the UUID written little-endian, so the
 * bytes on disk are the UUID's bytes in reverse order (docs/formats/libsql-wal.md).
 */
export function uuidFromLeBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('a UUID is 16 bytes');
  let hex = '';
  for (let i = 15; i >= 0; i--) hex += HEX[bytes[i] as number] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidToLeBytes(uuid: string): Uint8Array {
  if (!UUID_TEXT.test(uuid)) throw new RangeError(`not a UUID: ${uuid}`);
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[15 - i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
