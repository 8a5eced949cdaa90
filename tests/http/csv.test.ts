// Spreadsheet formula injection: every cell a spreadsheet would run as a formula is made text;
// and the streamed CSV, which must be the same bytes, read a batch at a time.
import { type Readable, Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines, sendCsv, toCsv } from '../../server/http/csv.ts';

describe('CSV cells', () => {
  it('neutralise everything a spreadsheet reads as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+31 6 1234')).toBe("'+31 6 1234");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });

  it('leave ordinary values alone, quoting only what CSV needs', () => {
    expect(csvCell('Ann')).toBe('Ann');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000Z');
    expect(toCsv(['a', 'b'], [[1, '-x']])).toBe("\ufeffa,b\r\n1,'-x\r\n");
  });
});

/** Batches from an array, recording how many the reader has asked for. */
function source(batches: unknown[][][], failAt = -1) {
  const pulled = { count: 0 };
  async function* read() {
    for (const [i, batch] of batches.entries()) {
      pulled.count = i + 1;
      if (i === failAt) throw new Error('database gone');
      yield batch;
    }
  }
  return { batches: read(), pulled };
}

async function chunksOf(stream: Readable): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(String(chunk));
  return chunks;
}

describe('streamed CSV', () => {
  const header = ['name', 'n'];
  const rows = [
    ['=cmd', 1],
    ['Zoë "Z", the second', 2],
    ['two\nlines', 3],
    ['-1', null],
  ];

  it('is the same bytes as the whole CSV: the header first, then a chunk per batch', async () => {
    const { batches } = source([rows.slice(0, 2), [], rows.slice(2)]);
    const chunks = await chunksOf(await csvLines(header, batches));
    expect(chunks.join('')).toBe(toCsv(header, rows));
    expect(chunks).toEqual([
      '\ufeffname,n\r\n',
      `'=cmd,1\r\n"Zoë ""Z"", the second",2\r\n`,
      `"two\nlines",3\r\n'-1,\r\n`,
    ]);
    const empty = await chunksOf(await csvLines(header, source([]).batches));
    expect(empty.join('')).toBe(toCsv(header, []));
  });

  it('reads the first batch before it resolves, and the next only when the one before is taken', async () => {
    // Batches larger than the stream's buffer, as 500 members' rows are.
    const big = Array.from({ length: 2000 }, (_, i) => [`member ${i}`.padEnd(80, '.'), i]);
    const { batches, pulled } = source([big, big, big, big, big]);
    const stream = await csvLines(header, batches);
    expect(pulled.count).toBe(1);
    const reader = stream[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulled.count).toBeLessThanOrEqual(2);
    let rest = 0;
    for (let chunk = await reader.next(); !chunk.done; chunk = await reader.next()) rest++;
    expect([rest, pulled.count]).toEqual([4, 5]);
  });

  it('fails before it resolves when the first batch fails, and as a stream error later', async () => {
    await expect(csvLines(header, source([rows], 0).batches)).rejects.toThrow('database gone');
    const later = await csvLines(header, source([rows, rows], 1).batches);
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of later) chunks.push(String(chunk));
      })(),
    ).rejects.toThrow('database gone');
    expect(chunks.join('')).toBe(toCsv(header, rows));
    expect(later.destroyed).toBe(true);
  });
});

describe('sending a streamed CSV', () => {
  it('logs an error and destroys the response when a batch fails after the first', async () => {
    const lines: { level: number; msg: string; url?: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'error', stream } });
    app.get('/export', async (_request, reply) =>
      sendCsv(reply, 'export.csv', await csvLines(['a'], source([[[1]], [[2]]], 1).batches)),
    );
    app.get('/fine', async (_request, reply) =>
      sendCsv(reply, 'fine.csv', await csvLines(['a'], source([[[1]], [[2]]]).batches)),
    );
    const fine = await app.inject({ url: '/fine' });
    expect([fine.statusCode, fine.body]).toEqual([200, '\ufeffa\r\n1\r\n2\r\n']);
    expect(fine.headers['content-disposition']).toBe('attachment; filename="fine.csv"');
    expect(lines).toEqual([]);
    await expect(app.inject({ url: '/export' })).rejects.toThrow(/destroyed/);
    await app.close();
    expect(lines.map((l) => [l.level, l.msg, l.url])).toContainEqual([
      50,
      'CSV download cut short',
      '/export',
    ]);
  });
});
