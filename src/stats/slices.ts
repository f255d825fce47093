/**
 * A statistics slice: turns a query (as received) into the list answer. The stats routes and
 * share links both answer through these, so a share link shows exactly what the slice does.
 */
import type { AppContext } from '../context.js';
import type { RawQuery } from '../http/query.js';

/** The answer: `{"status":1,"<key>":[…],"pagination":{…}}`. */
export type SliceAnswer = Record<string, unknown>;

export type Slice = (ctx: AppContext, query: RawQuery) => Promise<SliceAnswer>;
