/**
 * The slices a share link (section 7.5) may show, by the name the link stores. Each is the
 * very function its stats route answers with, so a shared view can never differ from it.
 */
import type { ShareSlice } from '../store/entities.js';
import { conversionsSlice } from './conversions.js';
import * as outbound from './outbound.js';
import { serverPostbacksSlice } from './serverpostbacks.js';
import type { Slice } from './slices.js';

// TEMPORARY until src/stats/outbound.ts exports its slices: then import them by name.
const outboundSlice = (name: string): Slice => async (ctx, query) => {
  const slice = (outbound as Record<string, unknown>)[name] as Slice | undefined;
  if (!slice) throw new Error(`${name} is not available yet`);
  return slice(ctx, query);
};
const affiliatePostbacksSlice = outboundSlice('affiliatePostbacksSlice');
const crossPostbacksSlice = outboundSlice('crossPostbacksSlice');

export const SHARE_SLICES: Readonly<Record<ShareSlice, Slice>> = {
  conversions: conversionsSlice,
  serverpostbacks: serverPostbacksSlice,
  affiliatepostbacks: affiliatePostbacksSlice,
  crosspostbacks: crossPostbacksSlice,
};

/** The slice names, in the order the documentation lists them. */
export const SHARE_SLICE_NAMES = Object.keys(SHARE_SLICES) as ShareSlice[];
