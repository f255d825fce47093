/**
 * An affiliate's postback URLs and tracking events on its staff page, through the admin API:
 * the same tables and forms as the portal's (screens/rules), with the network's offers to pick
 * from. Postbacks fire for one offer or globally, filtered by goal and status; tracking events
 * follow a scope of offers and fire on the statuses chosen at creation (seed 002), GET only.
 */
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { choices, useOffers } from '../../api/lookups';
import type { AffiliatePostbackRecord, TrackingEventRecord } from '../../api/types';
import { PostbackList } from '../rules/PostbackList';
import { TrackingEventList } from '../rules/TrackingEventList';

export function AffiliatePostbacks({ affiliateId, writable }: { affiliateId: number; writable: boolean }) {
  const offers = useOffers();
  const path = `/3.0/admin/affiliates/${affiliateId}/postbacks`;
  const queryKey = ['admin', 'affiliate-postbacks', affiliateId];
  const postbacks = useQuery({
    queryKey,
    queryFn: ({ signal }) => get<{ postbacks: AffiliatePostbackRecord[] }>(path, { limit: 1000 }, signal),
  });
  return (
    <PostbackList
      rows={postbacks.data?.postbacks ?? []}
      error={postbacks.error}
      path={path}
      queryKey={queryKey}
      offers={choices(offers.data)}
      readOnly={!writable}
    />
  );
}

const EVENTS = '/3.0/admin/tracking-events';

export function AffiliateTrackingEvents({ affiliateId, writable }: { affiliateId: number; writable: boolean }) {
  const offers = useOffers();
  const events = useQuery({
    queryKey: ['admin', 'tracking-events'],
    queryFn: ({ signal }) => get<{ tracking_events: TrackingEventRecord[] }>(EVENTS, { limit: 1000 }, signal),
    select: (answer) => answer.tracking_events.filter((event) => event.affiliate_id === affiliateId),
  });
  return (
    <TrackingEventList
      rows={events.data ?? []}
      error={events.error}
      path={EVENTS}
      queryKey={['admin', 'tracking-events']}
      fixed={{ affiliate_id: affiliateId }}
      source="this affiliate's conversions"
      offers={choices(offers.data)}
      readOnly={!writable}
    />
  );
}
