/**
 * What a terminal would act on instead of showing: C0 and C1 controls, DEL, and the marks that
 * reverse the direction of text. A file name holding `\r` could otherwise overwrite its own line
 * ("FAILED  fake" read as "ok      fine.seg"), and ESC starts sequences that retitle or recolour
 * the terminal. A byte of a name that was not UTF-8 is shown as `\xNN` (core/fs-names.ts).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\\udc80-\udcff]/gu;
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\udc80-\udcff]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

function escape(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  // `\xNN` is a byte: an ASCII control, or one of a file name that was not UTF-8 (fs-names.ts keeps
  // it as U+DCNN). Every other character, C1 controls included, is `\uNNNN`, so the two never meet.
  if (code <= 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A name or value from outside as one line a person can read and nothing can hide in. */
export function printable(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escape) : text;
}

/**
 * The last guard before text output is written: every control character but the line breaks and
 * tabs the output is made of, escaped, whatever a renderer forgot.
 */
export function printableLines(text: string): string {
  UNSAFE_IN_LINE.lastIndex = 0;
  return UNSAFE_IN_LINE.test(text) ? text.replace(UNSAFE_IN_LINE, escape) : text;
}

/**
 * A problem as text output shows it: its code and its message, escaped as one line. A message
 * quotes names from outside ("…" is not named …), so every message is written through here.
 */
export function problemText(problem: { code: string; message: string }): string {
  return `${problem.code}: ${printable(problem.message)}`;
}
