/**
 * The Store: everything Trackpost keeps, behind one interface with an SQLite and a PostgreSQL
 * implementation side by side (store/sqlite, store/postgres, same file names). Handlers never
 * ask which backend they run on.
 *
 * Rules every implementation keeps:
 * - uniqueness is enforced by the database (unique indexes, ON CONFLICT), never read-then-write;
 * - a conversion event, its postback log row and the outbound jobs it causes are written in
 *   one transaction (the outbox, store/outbox.ts), and the promise resolves only after the
 *   commit with what was written; the fan-out rules are the store's own, given once at start;
 * - a catalog write resolves only after this process's catalog listeners have seen it;
 * - concurrent writes may be batched into one transaction (group commit), each caller still
 *   getting its own outcome.
 */
import type { StatusCode } from '../domain/status.js';
import type { ClickTally, RefusedClick } from './counter-deltas.js';
import type { ReportReader } from './report-query.js';
import type { CapPlanner, CapTouch } from '../domain/cap-plan.js';
import type {
  Advertiser,
  Affiliate,
  AffiliatePostback,
  Click,
  Conversion,
  DeliveryAttempt,
  Offer,
  OutboundJob,
  OutboundKind,
  Page,
  PageRequest,
  PostbackLogRow,
  ShareLink,
  TrackingEvent,
} from '../domain/entities.js';
import type { PeopleStore } from './people.js';
import type { FanOut, RecordConversion, Recorded, SetConversionStatus, StatusSet } from '../domain/commands.js';

/** Fields the store sets itself on catalog records. */
type Managed = 'id' | 'created_at' | 'updated_at';

/** CRUD over a catalog record kind (advertisers, affiliates, offers, postback configs). */
export interface DocumentRepo<T extends { id: number }> {
  create(input: Omit<T, Managed>): Promise<T>;
  /** Replaces the record's fields with `next` (the caller merges the patch); null when unknown. */
  update(id: number, next: Omit<T, Managed>): Promise<T | null>;
  get(id: number): Promise<T | null>;
  /** Newest first; `affiliate_id` narrows kinds that belong to an affiliate. */
  list(page: PageRequest, filter?: { affiliate_id?: number }): Promise<Page<T>>;
  delete(id: number): Promise<boolean>;
  /** Every record, for the in-memory catalog cache. */
  all(): Promise<T[]>;
}

export interface DateRange {
  /** Inclusive, Unix ms. */
  from: number;
  /** Exclusive, Unix ms. */
  to: number;
}

export interface ConversionFilter extends DateRange {
  status?: StatusCode[];
  offer?: number[];
  partner?: number[];
  advertiser?: number[];
  country?: string[];
  goal?: string;
  action_id?: string;
  clickid?: string;
  /** Why conversions were declined; `none`: those without a reason. */
  decline_reason?: ('cap_reached' | 'none')[];
}

export interface PostbackLogFilter extends DateRange {
  offer?: number[];
  partner?: number[];
  supplier?: number[];
  click_id?: string;
  action_id?: string;
  goal?: string;
  status?: string;
  response_status?: 1 | 2;
  /** Case-insensitive partial match over every parameter value. */
  search?: string;
}

export interface OutboundFilter extends DateRange {
  kinds: OutboundKind[];
  offer?: number[];
  partner?: number[];
  goal?: string;
  status?: StatusCode;
  http_code?: number;
}

export interface ConversionRepo {
  /**
   * Applies a postback in one transaction: the conversion (created or changed), its log row and
   * the jobs the store's fan-out rules give for the event; resolves after the commit.
   */
  record(command: RecordConversion): Promise<Recorded>;
  /** Changes one conversion and queues the jobs of that event, in one transaction. */
  setStatus(command: SetConversionStatus): Promise<StatusSet>;
  get(id: string): Promise<Conversion | null>;
  list(filter: ConversionFilter, page: PageRequest): Promise<Page<Conversion>>;
  /** Conversions in hold whose hold_until has passed. */
  dueHolds(now: number, limit: number): Promise<Conversion[]>;
}

export interface ClickRepo {
  /**
   * Resolves once the click and its report counters are committed. Without `tally` (its
   * offer's advertiser and currency) the click is stored but not counted.
   */
  insert(click: Click, tally?: ClickTally): Promise<void>;
  /** Counts a refused /click by reason (no click is stored); resolves once committed. */
  refuse(refusal: RefusedClick): Promise<void>;
  get(clickid: string): Promise<Click | null>;
}

/** A cap counter row as stored (the caps report). */
export interface CapCounterRow {
  rule_key: string;
  window_start: number;
  goal_key: string;
  affiliate_id: number;
  value: number;
}

/** Cap counters read outside a conversion's write: a click's caps and the caps report. */
export interface CapCounterRepo {
  /**
   * Each counter's current value, in order: its row when it exists, else what the stored
   * records add up to. Never writes. On SQLite, clicks counters are answered from memory.
   */
  values(touches: CapTouch[]): Promise<number[]>;
  /**
   * Whether any of a click's counters is at its limit. May answer without reading the database:
   * on SQLite clicks counters are in memory; on PostgreSQL a clicks counter remembered far enough
   * below its limit is answered from its last read (postgres/click-cap-memory.ts).
   */
  reachedAtClick(touches: CapTouch[]): Promise<boolean>;
  /** The counter rows of one rule (its rule key) in one window whose value is not 0. */
  rows(offerId: number, ruleKey: string, windowStart: number): Promise<CapCounterRow[]>;
}

export interface PostbackLogRepo {
  /** A rejected postback's row (accepted ones are written by ConversionRepo.record). */
  append(row: PostbackLogRow): Promise<void>;
  list(filter: PostbackLogFilter, page: PageRequest): Promise<Page<PostbackLogRow>>;
}

/** How one delivery attempt ended, and what happens next. */
export interface AttemptResult extends DeliveryAttempt {
  state: 'delivered' | 'failed' | 'retrying' | 'skipped';
  /** When state is retrying: the time of the next attempt. */
  next_attempt_at: number | null;
  /**
   * Consecutive failed first attempts (of different jobs) after which the job's configuration
   * is paused (OUTBOUND_PAUSE_AFTER); 0: never.
   */
  pause_after?: number;
}

/** Delivery trouble of one outbound configuration: an affiliate postback, a tracking event or an offer's cross-postback. */
export interface OutboundHealth {
  kind: OutboundKind;
  source_id: number;
  /** The affiliate whose postback or tracking event it is; null for a cross-postback. */
  affiliate_id: number | null;
  consecutive_failures: number;
  last_error: string | null;
  last_http_code: number;
  last_failure_at: number;
  /** When it was paused (its jobs wait, state `paused`); null while it is still tried. */
  paused_at: number | null;
  /** Jobs waiting for it to be re-enabled. */
  held_jobs: number;
}

export interface OutboundHealthFilter {
  /** Only this affiliate's postbacks and tracking events (never cross-postbacks). */
  affiliate_id?: number;
}

export interface OutboundRepo {
  /**
   * Takes up to `limit` due jobs (pending or retrying, next_attempt_at <= now, no live lease)
   * and leases them until now + leaseMs, so no other worker takes them meanwhile.
   */
  claim(now: number, limit: number, leaseMs: number): Promise<OutboundJob[]>;
  /** Records the attempt and the job's new state in one statement's transaction. */
  complete(result: AttemptResult): Promise<void>;
  /** Gives claimed jobs back (on shutdown) so others take them at once. */
  release(ids: string[]): Promise<void>;
  get(id: string): Promise<OutboundJob | null>;
  list(filter: OutboundFilter, page: PageRequest): Promise<Page<OutboundJob>>;
  /**
   * The newest job of each of the affiliate's configurations of one kind (`sourceIds`), in one
   * read; a configuration that never fired has none in the answer.
   */
  latest(kind: OutboundKind, affiliateId: number, sourceIds: number[]): Promise<OutboundJob[]>;
  attempts(jobId: string): Promise<DeliveryAttempt[]>;
  /** Makes a job due again now (the resend endpoint); null when unknown. */
  resend(id: string, now: number): Promise<OutboundJob | null>;
  /** Configurations with failed deliveries since their last success, paused ones first. */
  health(filter: OutboundHealthFilter, page: PageRequest): Promise<Page<OutboundHealth>>;
  /** One configuration's trouble, or null when it has none. */
  healthOf(kind: OutboundKind, sourceId: number): Promise<OutboundHealth | null>;
  /**
   * Re-enables a configuration: forgets its failures and makes its waiting jobs due now.
   * Answers how many jobs were waiting.
   */
  resume(kind: OutboundKind, sourceId: number, now: number): Promise<number>;
  /**
   * Calls `listener` each time a write of this store has committed new or resent jobs, and on
   * PostgreSQL when another process has; returns the function that stops it. The worker then
   * claims at once instead of at its next poll.
   */
  onQueued(listener: () => void): () => void;
}

export interface ShareLinkRepo {
  create(link: ShareLink): Promise<void>;
  get(token: string): Promise<ShareLink | null>;
  revoke(token: string, now: number): Promise<boolean>;
}

/** Failed key attempts, counted per address and for everyone in fixed windows (http/key-limiter.ts). */
export interface KeyFailureRepo {
  /**
   * Counts one failed attempt from `address` in the window starting at `windowStart` (Unix ms),
   * forgets windows before it, and returns the counts of that window: the address's and everyone's.
   */
  record(address: string, windowStart: number): Promise<{ address: number; global: number }>;
}

export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  /** Sets the key only when it has no value yet; returns the value that is stored. */
  setIfAbsent(key: string, value: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
}

export interface MaintenanceRepo {
  /** Removes clicks, postback log rows and finished outbound rows created before `cutoff`. */
  purgeBefore(cutoff: number): Promise<{ clicks: number; postbacks: number; outbound: number }>;
  /**
   * Runs `task` only if no other process runs the task of this name now; false when skipped.
   * Sweeps use it so that many processes never run one sweep at once.
   */
  exclusive(name: string, task: () => Promise<void>): Promise<boolean>;
  /** A number that changes whenever catalog records change, for caches in other processes. */
  catalogVersion(): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Gives the store its fan-out rules, once at start (bootstrap.ts): every conversion event is
   * written with the jobs they give. A conversion write before this throws.
   */
  setFanOut(fanOut: FanOut): void;
  /**
   * Calls `listener` after each committed write of a catalog record, and resolves that write
   * only once the listener has (the in-memory catalog reloads so). Returns the function that stops it.
   */
  onCatalogChange(listener: () => Promise<void>): () => void;
  advertisers: DocumentRepo<Advertiser>;
  affiliates: DocumentRepo<Affiliate>;
  offers: DocumentRepo<Offer>;
  affiliatePostbacks: DocumentRepo<AffiliatePostback>;
  trackingEvents: DocumentRepo<TrackingEvent>;
  clicks: ClickRepo;
  conversions: ConversionRepo;
  postbackLog: PostbackLogRepo;
  outbound: OutboundRepo;
  shareLinks: ShareLinkRepo;
  settings: SettingsRepo;
  keyFailures: KeyFailureRepo;
  /** Accounts, sessions, sign-in failures and the audit log (docs/people.md). */
  people: PeopleStore;
  maintenance: MaintenanceRepo;
  /** Gives the store the caps of conversions (from the catalog), once at start. */
  setCapPlanner(planner: CapPlanner): void;
  /** Cap counters for clicks and the caps report (counters off: every value 0, no rows). */
  caps: CapCounterRepo;
  /** Grouped sums for the custom and trafficback reports. */
  reports: ReportReader;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Commits what is queued, then closes. */
  close(): Promise<void>;
}
