// CSV downloads for organisers. Cells starting with = + - @ (or a tab or CR) are read as
// formulas by spreadsheets, so a learner's name like "=HYPERLINK(…)" could run in an
// organiser's Excel: those get a leading apostrophe (OWASP's advice), then normal quoting.
import type { FastifyReply } from 'fastify';

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // The byte-order mark makes Excel read UTF-8 (names with accents) correctly.
  return `\ufeff${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}
