// A live hour's streams as the benchmark reads them: one plain HTTP connection per member,
// the Server-Sent Events split by hand (no EventSource in Node, and we want the raw bytes),
// each message's id and arrival time kept for the checks afterwards.
import http from 'node:http';

export interface LiveStream {
  /** Message ids in the order they arrived (a duplicate shows up twice). */
  ids: number[];
  /** Arrival time (performance.now()) of each benchmark message, by the number in its body. */
  arrivals: Map<number, number>;
  /** Bytes of `message` events, for the average size of one. */
  messageBytes: number;
  /** The stream ended or failed before we closed it. */
  dropped: string | null;
  close(): void;
}

/** The number a benchmark message carries in its body ("bench-<n>"), to time it by. */
export const benchBody = (n: number) =>
  `Message bench-${n} of the benchmark, with a few *words* about the question.`;
const benchNumber = /bench-(\d+)/;

/** Opens `url` with `cookie`; resolves once the server answered 200 with an event stream. */
export function openStream(url: string, cookie: string): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const stream: LiveStream = {
      ids: [],
      arrivals: new Map(),
      messageBytes: 0,
      dropped: null,
      close: () => {
        closing = true;
        request.destroy();
      },
    };
    const drop = (why: string) => {
      if (!closing && !stream.dropped) stream.dropped = why;
    };
    const request = http.get(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200 || !res.headers['content-type']?.includes('text/event-stream')) {
        res.resume();
        reject(new Error(`stream answered ${res.statusCode} ${res.headers['content-type']}`));
        return;
      }
      resolve(stream);
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (event.startsWith(':')) continue; // a heartbeat
          // "id: <n>\nevent: <name>\ndata: …" or "event: <name>\ndata: …", as the hub writes
          // them; read by position, since the reader must not be what slows the run down.
          const idEnd = event.startsWith('id: ') ? event.indexOf('\n') : -1;
          const nameAt = idEnd + 1 + 'event: '.length;
          const name = event.slice(nameAt, event.indexOf('\n', nameAt));
          if (name === 'message') {
            stream.messageBytes += Buffer.byteLength(event) + 2;
            stream.ids.push(idEnd > 0 ? Number(event.slice(4, idEnd)) : 0);
            const n = benchNumber.exec(event)?.[1];
            if (n !== undefined && !stream.arrivals.has(Number(n)))
              stream.arrivals.set(Number(n), now);
          } else if (name === 'end' || name === 'gone') drop(`${name} event`);
        }
      });
      res.on('end', () => drop('closed by the server'));
      res.on('error', (err) => drop(err.message));
    });
    request.on('error', (err) => {
      drop(err.message);
      reject(err);
    });
  });
}

/** Percentile `p` (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** What one stream got wrong against the ids it should have seen, in order. */
export function checkStream(stream: LiveStream, expected: number[]) {
  const seen = new Set<number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let last = 0;
  for (const id of stream.ids) {
    if (seen.has(id)) duplicated++;
    else if (id < last) outOfOrder++;
    seen.add(id);
    last = Math.max(last, id);
  }
  const lost = expected.filter((id) => !seen.has(id)).length;
  return { lost, duplicated, outOfOrder };
}
