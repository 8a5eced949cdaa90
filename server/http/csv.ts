// CSV downloads for organisers. Cells starting with = + - @ (or a tab or CR) are read as
// formulas by spreadsheets, so a learner's name like "=HYPERLINK(…)" could run in an
// organiser's Excel: those get a leading apostrophe (OWASP's advice), then normal quoting.
// A long export streams (csvLines): the same bytes, a batch of rows at a time.
import { Readable } from 'node:stream';
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

const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

// The byte-order mark makes Excel read UTF-8 (names with accents) correctly.
const BOM = '\ufeff';

export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map(line).join('');
}

/**
 * toCsv's bytes as a stream: the byte-order mark and header, then one chunk per batch of
 * rows, each batch read only when the download has taken the one before. The first batch is
 * read before this resolves, so a query that fails at once still fails the request (the
 * error page); one that fails later can only cut the download short (see sendCsv).
 */
export async function csvLines(
  header: string[],
  batches: AsyncIterable<unknown[][]>,
): Promise<Readable> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* chunks() {
    try {
      yield BOM + line(header);
      for (let batch = first; !batch.done; batch = await iterator.next()) {
        if (batch.value.length > 0) yield batch.value.map(line).join('');
      }
    } finally {
      // A download abandoned halfway stops the reading too.
      await iterator.return?.();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

export function sendCsv(reply: FastifyReply, filename: string, csv: string | Readable) {
  if (typeof csv !== 'string') {
    // Once the first chunk is sent no error page can follow: Fastify destroys the response,
    // so the browser reports a failed download rather than saving a shorter file as whole.
    csv.once('error', (err) =>
      reply.request.log.error({ err, url: reply.request.url }, 'CSV download cut short'),
    );
  }
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}
