/**
 * The records Trackpost keeps, as the store hands them to the rest of the code. Money is in
 * minor units (see domain/money.ts); times are Unix milliseconds; the HTTP layer converts both
 * at the edge.
 */
import type { Minor } from './money.js';
import type { StatusCode } from './status.js';
import type { CapRule } from './caps.js';

export interface Advertiser {
  id: number;
  name: string;
  status: 'active' | 'disabled';
  secure_token: string | null;
  allowed_ips: string[];
  created_at: number;
  updated_at: number;
}

export interface Affiliate {
  id: number;
  name: string;
  status: 'active' | 'banned';
  signing_secret: string | null;
  /** SHA-256 (hex) of the affiliate's API key; the key itself is shown once, on create. */
  api_key_hash: string;
  created_at: number;
  updated_at: number;
}

export type MultipleMode = 'txn' | 'no' | 'yes';

/** A payout (goal) of an offer. */
export interface Payout {
  goal: string;
  title: string;
  revenue: Minor;
  payout: Minor;
  payout_type: 'fixed' | 'percent';
  /** Upper-case ISO codes; empty: every country. */
  countries: string[];
  /** Affiliate ids; empty: every affiliate. */
  affiliates: number[];
  private: boolean;
  multiple: MultipleMode;
  default_status: StatusCode;
}

export interface Offer {
  id: number;
  title: string;
  advertiser_id: number;
  status: 'active' | 'paused' | 'stopped';
  tracking_url: string;
  trafficback_url: string | null;
  currency: string;
  privacy: 'public' | 'private';
  allowed_affiliates: number[];
  click_lifespan_days: number;
  hold_days: number;
  secure_token: string | null;
  allowed_ips: string[];
  cross_postback_url: string | null;
  cross_postback_method: 'GET' | 'POST';
  signing_secret: string | null;
  payouts: Payout[];
  /** Caps (docs/reports-and-caps.md); absent on offers saved before caps existed: see capSettings. */
  caps?: CapRule[];
  caps_timezone?: string;
  caps_status?: StatusCode[];
  is_redirect_overcap?: boolean;
  created_at: number;
  updated_at: number;
}

/** An affiliate's own postback URL. */
export interface AffiliatePostback {
  id: number;
  affiliate_id: number;
  /** null: global, for every offer without postbacks of its own. */
  offer_id: number | null;
  url: string;
  method: 'GET' | 'POST';
  /** Goal values (matched case-insensitively); empty: all. */
  goals: string[];
  /** Status codes; empty: all. */
  statuses: StatusCode[];
  created_at: number;
  updated_at: number;
}

/** A tracking event. */
export interface TrackingEvent {
  id: number;
  affiliate_id: number;
  scope: 'global' | 'offer';
  /** scope offer: the offers it fires for; scope global: the offers it does not. */
  offer_ids: number[];
  goals: string[];
  statuses: StatusCode[];
  url: string;
  created_at: number;
  updated_at: number;
}

export interface Click {
  clickid: string;
  offer_id: number;
  affiliate_id: number;
  /** sub1..sub8 in order; null when not given. */
  subs: (string | null)[];
  ip: string;
  user_agent: string | null;
  country: string | null;
  referrer: string | null;
  created_at: number;
  /** False when the visitor's browser brought this offer's click cookie from the last 24 hours. */
  uniq: boolean;
}

export interface Conversion {
  id: string;
  clickid: string;
  action_id: string;
  offer_id: number;
  advertiser_id: number;
  affiliate_id: number;
  goal: string;
  goal_title: string;
  status: StatusCode;
  sum: Minor | null;
  revenue: Minor;
  payout: Minor;
  currency: string;
  country: string | null;
  ip: string | null;
  comment: string | null;
  custom_fields: Record<string, string>;
  subs: (string | null)[];
  click_at: number;
  created_at: number;
  updated_at: number;
  hold_until: number | null;
  /** Seconds from the click to the first postback. */
  delta: number;
  /** The click's user agent and referring page, carried over for outbound macros ({ua}, {referrer}). */
  user_agent: string | null;
  referrer: string | null;
  /** Set when the conversion was declined because a cap was reached; absent otherwise. */
  decline_reason?: 'cap_reached';
}

/** The keys the database enforces uniqueness on (docs/api.md, "Identity"). */
export interface ConversionIdentity {
  offer_id: number;
  /** Lower-cased goal value. */
  goal_key: string;
  /** action_id, or the click id when none was given; null (mode `yes` without action_id): never a duplicate. */
  action_key: string | null;
  /** Set in mode `no`: at most one conversion per (click, goal). */
  once_per_click: boolean;
}

export interface PostbackResponse {
  status: 1 | 2;
  message?: string;
  error?: string;
  conversion_id?: string;
}

/** One row of the server postbacks log. */
export interface PostbackLogRow {
  id: string;
  created_at: number;
  offer_id: number | null;
  advertiser_id: number | null;
  affiliate_id: number | null;
  clickid: string | null;
  status: string | null;
  goal: string | null;
  action_id: string | null;
  ip: string;
  integration: 's2s' | 'c2s';
  delta: number | null;
  params: Record<string, string>;
  response: PostbackResponse;
}

export type OutboundKind = 'postback' | 'tracking_event' | 'cross_postback';
/** `paused`: held while its configuration is paused after repeated failures (docs/api.md, "Delivery"). */
export type OutboundState = 'pending' | 'retrying' | 'delivered' | 'failed' | 'skipped' | 'paused';

/** One outbound request to make, written with the conversion event that causes it. */
export interface OutboundJobInput {
  kind: OutboundKind;
  /** The affiliate postback, tracking event or offer it comes from. */
  source_id: number;
  conversion_id: string;
  affiliate_id: number;
  offer_id: number;
  goal: string;
  status: StatusCode;
  payout: Minor;
  revenue: Minor;
  currency: string;
  notice: string | null;
  url: string;
  method: 'GET' | 'POST';
  /** JSON body for POST, already rendered. */
  body: string | null;
  /** Secret for the Standard Webhooks signature of a POST; null: unsigned. */
  signing_secret: string | null;
  integration: 's2s' | 'c2s' | 'admin' | 'hold';
}

/** An outbound job with its delivery state: the outbox row and the log row at once. */
export interface OutboundJob extends OutboundJobInput {
  id: string;
  state: OutboundState;
  attempts: number;
  http_code: number;
  error: string | null;
  next_attempt_at: number;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

/** What one delivery attempt found. */
export interface DeliveryAttempt {
  job_id: string;
  attempt: number;
  at: number;
  http_code: number;
  error: string | null;
  duration_ms: number;
}

export type ShareSlice = 'conversions' | 'serverpostbacks' | 'affiliatepostbacks' | 'crosspostbacks';

export interface ShareLink {
  token: string;
  slice: ShareSlice;
  /** The slice's query, fixed at creation. */
  filters: Record<string, string | string[]>;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

/** A page of results and the total count across all pages. */
export interface Page<T> {
  rows: T[];
  total: number;
}

export interface PageRequest {
  page: number;
  limit: number;
}
