/**
 * The slices a share link may show, by the name the link stores. Each is the
 * very function its stats route answers with, so a shared view can never differ from it.
 */
import type { ShareSlice } from '../domain/entities.js';
import { conversionsSlice } from './conversions.js';
import { affiliatePostbacksSlice, crossPostbacksSlice } from './outbound.js';
import { serverPostbacksSlice } from './serverpostbacks.js';
import type { Slice } from './slices.js';

/** Every shareable slice by its stored name. */
export const SHARE_SLICES: Readonly<Record<ShareSlice, Slice>> = {
  conversions: conversionsSlice,
  serverpostbacks: serverPostbacksSlice,
  affiliatepostbacks: affiliatePostbacksSlice,
  crosspostbacks: crossPostbacksSlice,
};

/** The slice names, in the order the documentation lists them. */
export const SHARE_SLICE_NAMES = Object.keys(SHARE_SLICES) as ShareSlice[];
