// PLACEHOLDER: replaced by the fan-out rules (which outbound jobs an event causes).
import type { Catalog } from '../catalog/cache.js';
import type { FanOut } from '../store/store.js';

export function createFanOut(_catalog: Catalog): FanOut {
  return () => [];
}
