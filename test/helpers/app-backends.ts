/**
 * The databases an app-level test runs on: SQLite always, and PostgreSQL when TEST_DATABASE_URL
 * is set (a fresh schema each time, see harness.ts). Tests loop over them so that one run
 * proves both backends give the same answers.
 */
import { startTestApp, type TestApp } from './harness.js';

export interface AppBackend {
  name: 'sqlite' | 'postgres';
  /** Why this backend does not run; undefined when it does. */
  skip: string | undefined;
  start(env?: Record<string, string>): Promise<TestApp>;
}

export function appBackends(): AppBackend[] {
  const postgres = process.env.TEST_DATABASE_URL;
  return [
    { name: 'sqlite', skip: undefined, start: (env = {}) => startTestApp(env) },
    {
      name: 'postgres',
      skip: postgres ? undefined : 'TEST_DATABASE_URL is not set',
      start: (env = {}) => startTestApp({ ...env, DATABASE_URL: postgres as string }),
    },
  ];
}
