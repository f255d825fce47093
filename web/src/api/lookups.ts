/**
 * The small catalogs that forms pick from (advertisers, affiliates, offers), each one query shared
 * by every screen that needs it, with `id → name` maps for tables that show names for ids.
 * A network's catalog fits in one page of the admin API (1000 records), which is enough for a
 * picker; a larger one still works, the picker showing the first thousand.
 */
import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import type { AdvertiserRecord, AffiliateRecord, OfferRecord } from './types';

const CATALOG = { limit: 1000 };

export function useAdvertisers() {
  return useQuery({
    queryKey: ['admin', 'advertisers', 'all'],
    queryFn: ({ signal }) => get<{ advertisers: AdvertiserRecord[] }>('/3.0/admin/advertisers', CATALOG, signal),
    select: (answer) => answer.advertisers,
    staleTime: 30_000,
  });
}

export function useAffiliates() {
  return useQuery({
    queryKey: ['admin', 'affiliates', 'all'],
    queryFn: ({ signal }) => get<{ affiliates: AffiliateRecord[] }>('/3.0/admin/affiliates', CATALOG, signal),
    select: (answer) => answer.affiliates,
    staleTime: 30_000,
  });
}

export function useOffers() {
  return useQuery({
    queryKey: ['admin', 'offers', 'all'],
    queryFn: ({ signal }) => get<{ offers: OfferRecord[] }>('/3.0/admin/offers', CATALOG, signal),
    select: (answer) => answer.offers,
    staleTime: 30_000,
  });
}

/** `[{value: "3", label: "3 · Name"}]` for a Select or MultiSelect. */
export const choices = (records: readonly { id: number; name?: string; title?: string }[] | undefined) =>
  (records ?? []).map((record) => ({
    value: String(record.id),
    label: `${record.id} · ${record.name ?? record.title ?? ''}`,
  }));
