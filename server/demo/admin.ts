// The start-up line that tells a newcomer how to get into the embedded demo as its admin.
import type { Config } from '../config.ts';
import { absolute, paths } from '../core/paths.ts';

export function demoAdminLine(config: Pick<Config, 'baseUrl' | 'demoAdmin' | 'smtpUrl'>) {
  if (!config.demoAdmin) return null;
  const link = config.smtpUrl ? 'the link is mailed to that address' : 'the link is printed here';
  const signIn = absolute(config.baseUrl, paths.signIn());
  return `Demo admin: sign in at ${signIn} as ${config.demoAdmin}; ${link}. (npm run demo -- reset puts the demo back.)`;
}
