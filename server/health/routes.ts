// GET /healthz: liveness plus database reachability, for load balancers and uptime checks.
import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(
  app: FastifyInstance,
  opts: { ping(): Promise<boolean> },
) {
  app.get('/healthz', async (_request, reply) => {
    const database = (await opts.ping()) ? 'ok' : 'unreachable';
    return reply
      .code(database === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: database === 'ok' ? 'ok' : 'degraded', database });
  });
}
