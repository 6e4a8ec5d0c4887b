// CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF, quotes doubled),
// with a guard against formula injection: a cell a spreadsheet would run as a
// formula (=, +, -, @, or a tab or carriage return before one) is prefixed with
// an apostrophe, so it shows as the text the person typed.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file, with a byte-order mark so spreadsheet programs read it as UTF-8. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
