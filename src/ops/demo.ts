// PLACEHOLDER: replaced by the demo seeding.
import type { AppContext } from '../context.js';

export async function seedDemo(_ctx: AppContext, _base: string): Promise<void> {}
