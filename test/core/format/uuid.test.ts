import { describe, expect, it } from 'vitest';
import { uuidFromLeBytes, uuidToLeBytes } from '../../../core/format/uuid.js';

describe('UUIDs stored as a little-endian u128', () => {
  it('reads the bytes in reverse order, lower-case hex in 8-4-4-4-12 groups', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 0xab : i * 17));
    expect(uuidFromLeBytes(bytes)).toBe('abeeddcc-bbaa-9988-7766-554433221100');
  });

  it('round-trips with uuidToLeBytes over every byte value', () => {
    for (let start = 0; start < 256; start += 16) {
      const bytes = Uint8Array.from({ length: 16 }, (_, i) => start + i);
      expect(uuidToLeBytes(uuidFromLeBytes(bytes))).toEqual(bytes);
    }
  });
});
