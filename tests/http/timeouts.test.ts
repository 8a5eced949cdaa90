// A client that announces a body and never sends it must not hold a connection: the server
// answers 408 and closes it once the request timeout has passed.
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createContentStore } from '../../server/content/store.ts';
import { fixtures, root } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';

let app: FastifyInstance;
let database: Database;
let port = 0;

beforeAll(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    CONTENT_DIR: path.join(fixtures, 'content-valid'),
    DATA_DIR: path.join(root, 'data/test'),
  });
  database = await createTestDatabase();
  app = await buildApp(config, {
    database,
    content: createContentStore(config.contentDir),
    transport: { send: async () => {}, close: () => {} },
    requestTimeoutMs: 300,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

/** Sends `head` and nothing more; resolves with what the server said before it closed. */
function sendAndWait(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('request timeout', () => {
  it('answers 408 and closes when the announced body never arrives', async () => {
    const answer = await sendAndWait(
      'POST /sign-in HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 when the headers never end', async () => {
    const answer = await sendAndWait('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('is set on the server, with the socket timeout above keep-alive', () => {
    expect(app.server.requestTimeout).toBe(300);
    expect(app.server.keepAliveTimeout).toBe(72_000);
    expect(app.server.timeout).toBeGreaterThan(app.server.keepAliveTimeout);
  });

  it('has a default of 30 s for the app that main.ts builds', async () => {
    const other = await buildApp(
      loadConfig({ NODE_ENV: 'test', CONTENT_DIR: path.join(fixtures, 'content-valid') }),
      {
        database,
        content: createContentStore(path.join(fixtures, 'content-valid')),
        transport: { send: async () => {}, close: () => {} },
      },
    );
    expect(other.server.requestTimeout).toBe(30_000);
    expect(other.initialConfig.connectionTimeout).toBe(75_000);
    await other.close();
  });
});
