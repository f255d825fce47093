/**
 * Shared set-up for the people tests: a signed-in person as a browser would be (the session
 * cookie and the CSRF token it was given), the first admin, and accounts of every role made
 * through the real invitation flow.
 */
import assert from 'node:assert/strict';
import type { App } from '../../src/http/types.js';
import { ADMIN_KEY, type TestApp } from '../helpers/harness.js';

export const PASSWORD = 'correct horse battery';

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** A person in a browser: a cookie jar of one cookie, and the CSRF token of that session. */
export class Person {
  cookie = '';
  csrf = '';
  /** The account's id, once signed in. */
  id = 0;
  constructor(
    readonly app: App,
    readonly email: string,
  ) {}

  /** A request with the session cookie, and the CSRF token on state-changing methods unless `csrf` says otherwise. */
  async call(method: string, url: string, payload?: unknown, csrf: string | null = this.csrf): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const setCookie = response.cookies.find((c) => c.name === 'trackpost_session');
    if (setCookie) this.cookie = `trackpost_session=${setCookie.value}`;
    return {
      status: response.statusCode,
      body: response.body ? JSON.parse(response.body) : null,
      headers: response.headers,
    };
  }

  /** Signs in; asserts success and keeps the CSRF token. */
  async signIn(password = PASSWORD, totp?: string): Promise<Answer> {
    const answer = await this.call('POST', '/3.0/auth/login', {
      email: this.email,
      password,
      ...(totp ? { totp } : {}),
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    this.csrf = answer.body.csrf_token;
    this.id = answer.body.user.id;
    return answer;
  }
}

/** Creates the first admin with the admin key and signs in as them. */
export async function firstAdmin(t: TestApp, email = 'owner@example.com'): Promise<Person> {
  const setup = await t.app.inject({
    method: 'POST',
    url: '/3.0/auth/setup',
    payload: { admin_key: ADMIN_KEY, email, name: 'Owner', password: PASSWORD },
  });
  assert.equal(setup.statusCode, 201, setup.body);
  const admin = new Person(t.app, email);
  await admin.signIn();
  return admin;
}

/** Invites an account through the admin API and accepts the invitation; answers the person signed in. */
export async function invite(
  t: TestApp,
  role: string,
  email: string,
  affiliate_id?: number,
  app: App = t.app,
): Promise<Person> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/3.0/admin/users',
    headers: t.admin,
    payload: { email, name: role, role, ...(affiliate_id === undefined ? {} : { affiliate_id }) },
  });
  assert.equal(created.statusCode, 201, created.body);
  const token = new URL(created.json().invite_url).searchParams.get('token');
  const person = new Person(app, email);
  const accepted = await person.call('POST', '/3.0/auth/accept', { token, password: PASSWORD });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  person.csrf = accepted.body.csrf_token;
  person.id = accepted.body.user.id;
  return person;
}
