// What every command-line tool starts with: the validated config, or one line per problem.
import { type Config, ConfigError, loadConfig } from '../config.ts';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(
        `The configuration is invalid:\n${err.problems.map((p) => `  ${p}`).join('\n')}`,
      );
      process.exit(1);
    }
    throw err;
  }
}
