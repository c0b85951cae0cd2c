import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError, Environment } from './environment';

/** Reads and validates the environment; throws naming every bad variable. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const known = Object.keys(new Environment());
  const present = Object.fromEntries(known.filter((k) => source[k] !== undefined && source[k] !== '').map((k) => [k, source[k]]));
  const env = plainToInstance(Environment, present);
  const errors = validateSync(env, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}

/** The validated environment, injectable. */
export abstract class AppConfig extends Environment {}
