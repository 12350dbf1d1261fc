/** A u32 as `0x` and eight hex digits: how Segscope shows a checksum or a salt. */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}
