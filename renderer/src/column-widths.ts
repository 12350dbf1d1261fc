/**
 * Widths of the Segments table's columns from the texts they will show. Each row is its own grid
 * (the rows are virtualized), so the columns cannot size themselves to their content: the widest
 * text of each column is measured once in the table's font, and that is the column's least width.
 */

/** Space a cell keeps either side of its text (the `.cell` padding), and a pixel against rounding. */
const PADDING = 9;
/** The sort mark of the sorted column's header, kept room for so it never cuts its label. */
const MARK = ' ▴';

export interface ColumnTexts {
  /** The column's header label. */
  label: string;
  /** Every distinct text its cells show (or the widest few). */
  texts: Iterable<string>;
  /** A column that never grows: frame numbers stay aligned right under their header. */
  fixed?: boolean;
  /** The column the table is sorted by: its header carries the mark. */
  sorted?: boolean;
  /** Cells that may show their text bold (a status's problem), measured bold. */
  bold?: boolean;
}

/** Measures a text in the table's font, bold or not, in CSS pixels. */
export type Measure = (text: string, bold: boolean) => number;

/** A canvas measure in the page's font at the table's 12 px, remembering each text it measured. */
export function canvasMeasure(family: string): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  const known = new Map<string, number>();
  return (text, bold) => {
    const key = `${bold ? 'b' : 'n'}${text}`;
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    if (!ctx) return text.length * 8;
    ctx.font = `${bold ? 600 : 400} 12px ${family}`;
    const width = ctx.measureText(text).width;
    known.set(key, width);
    return width;
  };
}

/** The least width of each column: its widest text or its header with a sort mark, with padding. */
export function columnWidths(columns: readonly ColumnTexts[], measure: Measure): number[] {
  return columns.map((c) => {
    let widest = measure(c.sorted ? c.label + MARK : c.label, true);
    for (const text of c.texts) widest = Math.max(widest, measure(text, c.bold ?? false));
    return Math.ceil(widest + PADDING);
  });
}

/**
 * The grid template: the check box column, then each column at least its widest text; the room
 * left over goes to the text columns in equal shares, never to the frame numbers.
 */
export function columnTemplate(columns: readonly ColumnTexts[], widths: readonly number[], check: number): string {
  const tracks = columns.map((c, i) => {
    const w = widths[i] ?? 60;
    return c.fixed ? `${w}px` : `minmax(${w}px, 1fr)`;
  });
  return [`${check}px`, ...tracks].join(' ');
}

/** The sum of the columns' least widths: below it, the table must scroll sideways. */
export function leastWidth(widths: readonly number[], check: number): number {
  return widths.reduce((sum, w) => sum + w, check);
}
