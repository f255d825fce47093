// PLACEHOLDER: replaced by the delivery worker.
import type { AppContext } from '../context.js';

export function startDeliveryWorker(_ctx: AppContext): { stop(): Promise<void> } {
  return { async stop() {} };
}
