/**
 * The one way the console talks to the server: `api(method, path, {query, body})`.
 *
 * - Sends the session cookie (same origin) and, on every state-changing call, the session's CSRF
 *   token in `X-CSRF-Token` (the token comes from signing in or `GET /3.0/auth/me`; see
 *   `setCsrfToken`).
 * - Turns the API's error body `{"status":2,"error":"…","message":"…"}` into an `ApiError`
 *   carrying the HTTP status, the text and the fields it names ("date_from, date_to: must …"),
 *   so a form can show the message next to the field (see `fieldError`).
 */

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (after sign-in, setup, accepting an invite, or /auth/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export class ApiError extends Error {
  readonly status: number;
  /** Fields the message names, from its "field[, field]: problem" form; empty when none. */
  readonly fields: string[];
  /** The message without the field names in front. */
  readonly detail: string;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    const named = /^([a-z_][\w.[\]]*(?:, [a-z_][\w.[\]]*)*): (.+)$/s.exec(message);
    this.fields = named ? named[1].split(', ') : [];
    this.detail = named ? named[2] : message;
  }
}

/** The text to show beside `field` when `error` names it (undefined otherwise). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fields.includes(field) ? error.detail : undefined;
}

/** The text to show above a form when `error` names none of `fields` (undefined otherwise). */
export function formError(error: unknown, fields: readonly string[] = []): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError) {
    return error.fields.some((field) => fields.includes(field)) ? undefined : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

/** `?a=1&b=x&b=y` from an object; empty, null and undefined values are left out. */
export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(name, String(item));
    } else {
      params.append(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const SAFE = new Set(['GET', 'HEAD']);

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path + queryString(options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a proxy's error page): reported below by status
  }
  if (!response.ok) {
    const body = data as { error?: string; message?: string } | null;
    throw new ApiError(response.status, body?.error ?? body?.message ?? `${response.status} ${response.statusText}`);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  api<T>('GET', path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);
