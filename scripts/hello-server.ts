// The ceiling for benchmarks: a bare Fastify server answering a tiny JSON body.
import Fastify from 'fastify';

const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 3900, host: '127.0.0.1' });
console.log('listening');
