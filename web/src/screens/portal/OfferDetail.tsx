/**
 * One offer the affiliate may run: its goals with the affiliate's payout, the caps that apply
 * with what is left in the current window, and the tracking link builder (sub1..sub8, copied
 * with one click). An offer the affiliate may not run is a not-found page, as the API says 404.
 */
import { Alert, Button, CopyButton, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, get } from '../../api/client';
import { dateTime } from '../../format';
import { capText } from './caps';
import { PortalNotFound } from './PortalNotFound';
import type { PartnerOffer } from './types';

const route = getRouteApi('/portal/offers/$offerId');
const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'] as const;

/** The offer's link with the sub values that are filled in. */
export function trackingLink(base: string, subs: Record<string, string>): string {
  const url = new URL(base);
  for (const sub of SUBS) if (subs[sub]?.trim()) url.searchParams.set(sub, subs[sub].trim());
  return url.toString();
}

export function OfferDetail() {
  const { offerId } = route.useParams();
  const offer = useQuery({
    queryKey: ['partner', 'offer', offerId],
    queryFn: ({ signal }) => get<PartnerOffer>(`/3.0/partner/offers/${encodeURIComponent(offerId)}`, {}, signal),
    retry: false,
  });
  if (offer.error instanceof ApiError && offer.error.status === 404) return <PortalNotFound what="offer" />;
  if (offer.error) return <Alert color="red">{offer.error.message}</Alert>;
  if (!offer.data) return <Text>Loading…</Text>;
  return <OfferView offer={offer.data} />;
}

function OfferView({ offer }: { offer: PartnerOffer }) {
  const [subs, setSubs] = useState<Record<string, string>>({});
  const link = trackingLink(offer.tracking_link, subs);
  return (
    <Stack gap="md">
      <Title order={2}>
        {offer.title}{' '}
        <Text span c="dimmed">
          #{offer.id}
        </Text>
      </Title>
      <section aria-labelledby="link-title">
        <Title order={3} size="h4" id="link-title" mb="xs">
          Tracking link
        </Title>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
          {SUBS.map((sub) => (
            <TextInput
              key={sub}
              label={sub}
              value={subs[sub] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setSubs((current) => ({ ...current, [sub]: value }));
              }}
            />
          ))}
        </SimpleGrid>
        <Group mt="sm" align="end" wrap="nowrap">
          <TextInput label="Your link" value={link} readOnly style={{ flex: 1 }} data-testid="tracking-link" />
          <CopyButton value={link}>
            {({ copied, copy }) => (
              <Button onClick={copy} variant={copied ? 'light' : 'filled'}>
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed" mt={4}>
          Clicks are kept {offer.click_lifespan_days} days for attribution.
        </Text>
      </section>
      <section aria-labelledby="goals-title">
        <Title order={3} size="h4" id="goals-title" mb="xs">
          Goals and your payout
        </Title>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Goal</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Your payout</Table.Th>
              <Table.Th>Countries</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {offer.payouts.map((p) => (
              <Table.Tr key={p.goal + p.countries.join()}>
                <Table.Td>{p.goal}</Table.Td>
                <Table.Td>{p.title}</Table.Td>
                <Table.Td>{p.payout_type === 'percent' ? `${p.payout}%` : `${p.payout} ${offer.currency}`}</Table.Td>
                <Table.Td>{p.countries.length ? p.countries.join(', ') : 'All'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      <section aria-labelledby="caps-title">
        <Title order={3} size="h4" id="caps-title" mb="xs">
          Caps
        </Title>
        {offer.caps.length === 0 ? (
          <Text>No caps apply to you.</Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Cap</Table.Th>
                <Table.Th>Used</Table.Th>
                <Table.Th>Left</Table.Th>
                <Table.Th>Resets ({offer.caps_timezone} window)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offer.caps.map((cap) => (
                <Table.Tr key={`${cap.id}-${cap.goal ?? ''}`}>
                  <Table.Td>
                    {capText(cap)}
                    {cap.shared ? ' (shared with other affiliates)' : ''}
                  </Table.Td>
                  <Table.Td>{cap.current_value}</Table.Td>
                  <Table.Td>{cap.remaining}</Table.Td>
                  <Table.Td>{cap.resets_at ? dateTime(cap.resets_at) : 'Never'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
