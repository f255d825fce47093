/**
 * The affiliate's tracking events (`/3.0/partner/tracking-events`), each with its scope, goals,
 * statuses and last delivery (state, HTTP code, error, attempts); create, change, delete.
 */
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { TrackingEventList } from '../rules/TrackingEventList';
import { useOfferChoices } from './offer-choices';
import { useReadOnly } from './PortalShell';
import type { PartnerTrackingEventList } from './types';

const PATH = '/3.0/partner/tracking-events';
const KEY = ['partner', 'tracking-events'];

export function TrackingEvents() {
  const readOnly = useReadOnly();
  const offers = useOfferChoices();
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => get<PartnerTrackingEventList>(PATH, { limit: 500 }, signal),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Tracking events</Title>
        <Button variant="default" onClick={() => list.refetch()} loading={list.isFetching}>
          Refresh
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        A tracking event calls its URL when one of your conversions is created or changes into one of its statuses.
      </Text>
      <TrackingEventList
        rows={list.data?.tracking_events ?? []}
        error={list.error}
        delivery
        path={PATH}
        queryKey={KEY}
        source="your own conversions"
        offers={offers}
        readOnly={readOnly}
      />
    </Stack>
  );
}
