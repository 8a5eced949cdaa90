// The start-up line that tells a newcomer how to get into the embedded demo as its admin.
import type { Config } from '../config.ts';

export function demoAdminLine(config: Pick<Config, 'baseUrl' | 'demoAdmin' | 'smtpUrl'>) {
  if (!config.demoAdmin) return null;
  const link = config.smtpUrl ? 'the link is mailed to that address' : 'the link is printed here';
  return `Demo admin: sign in at ${config.baseUrl}/sign-in as ${config.demoAdmin}; ${link}. (npm run demo -- reset puts the demo back.)`;
}
