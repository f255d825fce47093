/**
 * What the store keeps about people (docs/people.md): accounts, one-time links, sessions,
 * failed sign-ins and the audit log. Both backends implement PeopleStore side by side
 * (store/sqlite/people*.ts, store/postgres/people*.ts).
 */
import type { Page, PageRequest } from '../domain/entities.js';

export type PersonRole = 'admin' | 'manager' | 'viewer' | 'affiliate';
export const PERSON_ROLES: readonly PersonRole[] = ['admin', 'manager', 'viewer', 'affiliate'];

/** An account. Emails are kept lower-cased; a null password means an invite not yet accepted. */
export interface User {
  id: number;
  email: string;
  name: string;
  role: PersonRole;
  /** The affiliate an `affiliate` account acts as; null for every other role. */
  affiliate_id: number | null;
  /** argon2id hash (PHC string). */
  password_hash: string | null;
  disabled: boolean;
  /** Base32 TOTP secret once the second factor is confirmed. */
  totp_secret: string | null;
  /** A secret handed out but not yet confirmed with a code. */
  totp_pending: string | null;
  /** The last TOTP time step accepted: a code of that step or earlier never works again. */
  totp_last_step: number | null;
  created_at: number;
  updated_at: number;
}

export type NewUser = Pick<User, 'email' | 'name' | 'role' | 'affiliate_id' | 'password_hash'>;
export type UserChange = Partial<
  Pick<User, 'name' | 'role' | 'affiliate_id' | 'disabled' | 'password_hash' | 'totp_secret' | 'totp_pending'>
>;

export interface UserRepo {
  /** Creates the account only while there is none at all (first start); null otherwise. */
  createFirst(user: NewUser, now: number): Promise<User | null>;
  /** null when the email is taken. */
  create(user: NewUser, now: number): Promise<User | null>;
  get(id: number): Promise<User | null>;
  byEmail(email: string): Promise<User | null>;
  list(page: PageRequest): Promise<Page<User>>;
  count(): Promise<number>;
  /** Accounts with role admin that are not disabled. */
  activeAdmins(): Promise<number>;
  update(id: number, change: UserChange, now: number): Promise<User | null>;
  delete(id: number): Promise<boolean>;
  /**
   * Records a TOTP time step as used; false when that step or a later one was used already
   * (a replayed code), also when another process used it a moment ago.
   */
  useTotpStep(id: number, step: number): Promise<boolean>;
}

/** A one-time link: an invitation or a password reset. Only the token's SHA-256 is kept. */
export interface UserToken {
  token_hash: string;
  user_id: number;
  kind: 'invite' | 'reset';
  expires_at: number;
  created_at: number;
}

export interface UserTokenRepo {
  /** Stores the link; the account's earlier unused links stop working. */
  issue(token: UserToken): Promise<void>;
  /** Marks the link used and answers it; null when unknown, used or expired. Works once. */
  consume(tokenHash: string, now: number): Promise<UserToken | null>;
}

/** A server-side session, keyed by the SHA-256 of its id (the id itself is only in the cookie). */
export interface SessionRow {
  user_id: number;
  /** The session's JSON as @fastify/session keeps it. */
  data: string;
  expires_at: number;
}

export interface SessionRepo {
  /** null when unknown or expired. */
  get(idHash: string, now: number): Promise<SessionRow | null>;
  save(idHash: string, row: SessionRow, now: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of the account, except `keepHash` when given. */
  deleteForUser(userId: number, keepHash?: string): Promise<void>;
}

export interface LoginFailureRepo {
  record(email: string, ip: string, at: number): Promise<void>;
  /** Times (newest first, at most `limit`) of failures since `since`, per email and per address. */
  recent(email: string, ip: string, since: number, limit: number): Promise<{ email: number[]; ip: number[] }>;
  /** Forgets the email's failures (after a successful sign-in). */
  clearEmail(email: string): Promise<void>;
}

/** Who made a change. */
export interface AuditActor {
  type: 'user' | 'admin_key' | 'affiliate_key';
  /** The account's id, or the affiliate's for an affiliate key; null for the admin key. */
  id: number | null;
  email: string | null;
}

export interface AuditEntry {
  id: string;
  at: number;
  actor: AuditActor;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  /** Inclusive, Unix ms. */
  from?: number;
  /** Exclusive, Unix ms. */
  to?: number;
  actor_type?: AuditActor['type'];
  actor_id?: number;
  actor_email?: string;
  entity?: string;
  entity_id?: string;
}

export interface AuditRepo {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

export interface PeopleStore {
  users: UserRepo;
  tokens: UserTokenRepo;
  sessions: SessionRepo;
  loginFailures: LoginFailureRepo;
  audit: AuditRepo;
}
