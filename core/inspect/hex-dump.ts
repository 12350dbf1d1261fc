/** A classic hex dump of hex text, 16 bytes a line with offsets (no Node APIs: the UI uses it too). */
export function hexDump(hex: string): string {
  const lines: string[] = [];
  for (let at = 0; at < hex.length / 2; at += 16) {
    const bytes = hex.slice(at * 2, (at + 16) * 2).match(/../g) ?? [];
    const text = bytes.map((b) => {
      const c = Number.parseInt(b, 16);
      return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    });
    lines.push(`${at.toString(16).padStart(4, '0')}  ${bytes.join(' ').padEnd(47)}  ${text.join('')}`);
  }
  return lines.join('\n');
}
