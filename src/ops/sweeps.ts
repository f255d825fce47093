// PLACEHOLDER: replaced by the hold and retention sweeps.
import type { AppContext } from '../context.js';

export function startSweeps(_ctx: AppContext): { stop(): Promise<void> } {
  return { async stop() {} };
}
