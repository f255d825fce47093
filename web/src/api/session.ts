/**
 * Who is signed in: one TanStack Query entry (`['me']`) read from `GET /3.0/auth/me`, null when
 * there is no session. Signing in, setting up the first admin and accepting an invitation all
 * answer the same `{user, csrf_token}`, stored here so the next calls carry the token.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken } from './client';
import type { Role, SignedInRecord, User } from './types';

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      const me = await get<SignedInRecord>('/3.0/auth/me');
      setCsrfToken(me.csrf_token);
      return me.as_affiliate ? { ...me.user, as_affiliate: me.as_affiliate } : me.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => get<{ needed: boolean }>('/3.0/auth/setup'),
  staleTime: 60_000,
});

/** The account, and the affiliate a staff session is viewing the portal as (read-only), if any. */
export type Me = User & Pick<SignedInRecord, 'as_affiliate'>;

export function useMe(): Me | null {
  return useQuery(meQuery).data ?? null;
}

/** Stores a fresh session (its token and account) after sign-in, setup or accepting a link. */
export function signedIn(client: QueryClient, answer: SignedInRecord): void {
  setCsrfToken(answer.csrf_token);
  client.setQueryData(meQuery.queryKey, answer.user);
}

export async function signOut(client: QueryClient): Promise<void> {
  try {
    await post('/3.0/auth/logout');
  } finally {
    setCsrfToken(null);
    client.clear();
    client.setQueryData(meQuery.queryKey, null);
  }
}

/** Staff roles that may change things (a viewer only reads). */
export const canWrite = (role: Role | undefined) => role === 'admin' || role === 'manager';
/** Whether the account sees the affiliate portal: an affiliate, or staff viewing as one. */
export const inPortal = (me: Me | null) => me?.role === 'affiliate' || me?.as_affiliate !== undefined;
export const isStaff = (role: Role | undefined) => role === 'admin' || role === 'manager' || role === 'viewer';
