// CSV downloads of the disclosure lists, built in the browser: UTF-8 with a BOM so Excel opens Chinese correctly.

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | null | undefined };

/** Excel runs a cell that starts with = + - @ (or a tab / CR) as a formula: such text gets a leading apostrophe. */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  // Numbers are ours (amounts, indexes) and stay numbers; text may come from anyone.
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 text (CRLF line ends) with a UTF-8 byte-order mark in front. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) {
    lines.push(columns.map((c) => cell(c.value(row))).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file through a temporary link (works on phones and desktops without a server round trip). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
