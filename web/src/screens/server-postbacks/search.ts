/**
 * The server postbacks log's URL: its filters (the slice's own parameter names, docs/api.md
 * "Server postbacks slice"), page and page size. The same object, less page and size, is the
 * query of the API call and the filters of a "Get link" share link.
 */
import { day, lastDays, oneOf, text, tidy, whole } from '../../search';

export interface ServerPostbacksSearch {
  date_from?: string;
  date_to?: string;
  search?: string;
  click_id?: string;
  action_id?: string;
  goal?: string;
  status?: string;
  response_status?: '1' | '2';
  offer?: string;
  partner?: string;
  supplier?: string;
  page?: number;
  limit?: number;
}

export const FILTER_KEYS = [
  'search',
  'click_id',
  'action_id',
  'goal',
  'status',
  'response_status',
  'offer',
  'partner',
  'supplier',
] as const;

export function validateServerPostbacksSearch(search: Record<string, unknown>): ServerPostbacksSearch {
  return tidy({
    date_from: day(search.date_from),
    date_to: day(search.date_to),
    search: text(search.search),
    click_id: text(search.click_id),
    action_id: text(search.action_id),
    goal: text(search.goal),
    status: text(search.status),
    response_status: oneOf(String(search.response_status ?? ''), ['1', '2'] as const),
    offer: text(search.offer),
    partner: text(search.partner),
    supplier: text(search.supplier),
    page: whole(search.page),
    limit: whole(search.limit),
  });
}

/** The slice's filters (dates defaulting to the last 7 days), without paging. */
export function sliceFilters(search: ServerPostbacksSearch): Record<string, string> {
  const { page: _page, limit: _limit, ...filters } = search;
  const dates = lastDays(7);
  return tidy({
    ...filters,
    date_from: filters.date_from ?? dates.date_from,
    date_to: filters.date_to ?? dates.date_to,
  }) as Record<string, string>;
}
