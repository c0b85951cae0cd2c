import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV with a header row; null is an empty cell. */
export function toCsv(columns: string[], records: object[]): string {
  return stringify(records, {
    header: true,
    columns,
    cast: { string: neutraliseCell, boolean: (v) => String(v), number: (v) => String(v) },
  });
}
