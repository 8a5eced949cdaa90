import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('has defaults that run the embedded setup on localhost:3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      baseUrl: 'http://localhost:3000',
      databaseUrl: null,
      smtpUrl: null,
      env: 'development',
      secure: false,
      // The embedded database is the demo, with its admin.
      adminEmails: ['admin@example.org'],
      demoAdmin: 'admin@example.org',
    });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.contentDir).toBe(path.resolve('content'));
  });

  it('reads production settings', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      BASE_URL: 'https://salon.example.org/',
      DATABASE_URL: 'postgres://salon:secret@db:5432/salon',
      SMTP_URL: 'smtps://user:pw@mail.example.org:465',
      ADMIN_EMAILS: ' Ann@Example.org, bo@example.org ',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      port: 8080,
      baseUrl: 'https://salon.example.org',
      secure: true,
      databaseUrl: 'postgres://salon:secret@db:5432/salon',
      smtpUrl: 'smtps://user:pw@mail.example.org:465',
      adminEmails: ['ann@example.org', 'bo@example.org'],
      demoAdmin: null,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: ' ' })).toMatchObject({
      databaseUrl: null,
      port: 3000,
    });
  });

  it('names every bad variable, what it got and what it expects', () => {
    expect(
      problems({
        PORT: '70000',
        BASE_URL: 'salon.example.org',
        SMTP_URL: 'http://mail',
        ADMIN_EMAILS: 'ann, bo@example.org',
      }),
    ).toEqual([
      'PORT="70000": expected a port number between 1 and 65535',
      'BASE_URL="salon.example.org": expected an http(s) URL such as https://salon.example.org',
      'SMTP_URL="http://mail": expected an SMTP URL such as smtps://user:password@mail.example.org:465',
      'ADMIN_EMAILS="ann, bo@example.org": expected a comma-separated list of e-mail addresses, e.g. ann@example.org,bo@example.org',
    ]);
  });

  it('needs the public address in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'BASE_URL is missing: production needs the public address, e.g. https://salon.example.org',
    ]);
  });
});
