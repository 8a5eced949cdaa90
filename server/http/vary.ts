// Vary is a list: each part of the app that makes a response depend on a request header adds
// its name, and none may overwrite another's.
import type { FastifyReply } from 'fastify';

export function addVary(reply: FastifyReply, ...names: string[]): void {
  const current = String(reply.getHeader('vary') ?? '');
  const have = new Set(
    current
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean),
  );
  if (have.has('*')) return;
  const missing = names.filter((n) => !have.has(n.toLowerCase()));
  if (missing.length) reply.header('vary', [current, ...missing].filter(Boolean).join(', '));
}
