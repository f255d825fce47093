/**
 * An affiliate's postback URLs and tracking events, each as a small table with delete, and a
 * form to add one (its URL's macros checked as typed against the affiliate-facing list). Postbacks
 * fire for one offer or globally, filtered by goal and status; tracking events follow a scope of
 * offers and fire on the statuses chosen at creation (seed 002), GET only.
 */
import {
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, fieldError, get, post } from '../../api/client';
import { choices, useOffers } from '../../api/lookups';
import type { AffiliatePostbackRecord, TrackingEventRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { AFFILIATE_MACROS } from '../offers/macros';
import { MacroUrlInput } from '../offers/MacroUrlInput';

const STATUSES = ['approved', 'pending', 'hold', 'declined'];
const list = (values: readonly string[]) => (values.length ? values.join(', ') : 'all');

function RuleTable({ label, head, rows }: { label: string; head: string[]; rows: React.ReactNode[][] }) {
  if (rows.length === 0) return <Text c="dimmed">None yet.</Text>;
  return (
    <Table aria-label={label} striped>
      <Table.Thead>
        <Table.Tr>
          {head.map((cell) => (
            <Table.Th key={cell} scope="col">
              {cell}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are rebuilt from the list each time
          <Table.Tr key={index}>
            {row.map((cell, column) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
              <Table.Td key={column} style={{ wordBreak: 'break-all' }}>
                {cell}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AffiliatePostbacks({ affiliateId, writable }: { affiliateId: number; writable: boolean }) {
  const client = useQueryClient();
  const offers = useOffers();
  const path = `/3.0/admin/affiliates/${affiliateId}/postbacks`;
  const postbacks = useQuery({
    queryKey: ['admin', 'affiliate-postbacks', affiliateId],
    queryFn: ({ signal }) => get<{ postbacks: AffiliatePostbackRecord[] }>(path, { limit: 1000 }, signal),
  });
  const [url, setUrl] = useState('');
  const [method, setMethod] = useState<'GET' | 'POST'>('GET');
  const [offer, setOffer] = useState<string | null>(null);
  const [goals, setGoals] = useState<string[]>([]);
  const [statuses, setStatuses] = useState<string[]>([]);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', 'affiliate-postbacks', affiliateId] });
  const add = useMutation({
    mutationFn: () => post(path, { url, method, offer_id: offer ? Number(offer) : null, goals, statuses }),
    onSuccess: async () => {
      setUrl('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: number) => del(`${path}/${id}`), onSuccess: refresh });
  return (
    <Stack>
      <FormError error={postbacks.error ?? remove.error} />
      <RuleTable
        label="Postbacks"
        head={['ID', 'Offer', 'URL', 'Method', 'Goals', 'Statuses', '']}
        rows={(postbacks.data?.postbacks ?? []).map((p) => [
          p.id,
          p.offer_id ?? 'global',
          <code key="url">{p.url}</code>,
          p.method,
          list(p.goals),
          list(p.statuses),
          writable ? (
            <Button key="del" size="compact-sm" variant="default" onClick={() => remove.mutate(p.id)}>
              Delete postback {p.id}
            </Button>
          ) : null,
        ])}
      />
      {writable && (
        <Paper
          withBorder
          p="sm"
          component="form"
          aria-label="Add a postback"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Title order={4} size="h5" mb="xs">
            Add a postback
          </Title>
          <FormError error={add.error} fields={['url', 'offer_id', 'goals', 'statuses', 'method']} />
          <MacroUrlInput
            label="Postback URL"
            field="url"
            value={url}
            onChange={setUrl}
            macros={AFFILIATE_MACROS}
            error={add.error}
            required
          />
          <SimpleGrid cols={{ base: 1, md: 4 }} mt="xs">
            <Select
              label="Method"
              data={['GET', 'POST']}
              value={method}
              allowDeselect={false}
              onChange={(v) => setMethod(v === 'POST' ? 'POST' : 'GET')}
            />
            <Select
              label="Offer"
              placeholder="Global: every offer without its own"
              data={choices(offers.data)}
              searchable
              clearable
              value={offer}
              onChange={setOffer}
              error={fieldError(add.error, 'offer_id')}
            />
            <TagsInput
              label="Goals"
              description="Empty: all"
              value={goals}
              onChange={setGoals}
              error={fieldError(add.error, 'goals')}
            />
            <MultiSelect
              label="Statuses"
              description="Empty: all"
              data={STATUSES}
              value={statuses}
              onChange={setStatuses}
              error={fieldError(add.error, 'statuses')}
            />
          </SimpleGrid>
          <Button type="submit" mt="sm" loading={add.isPending}>
            Add the postback
          </Button>
        </Paper>
      )}
    </Stack>
  );
}

export function AffiliateTrackingEvents({ affiliateId, writable }: { affiliateId: number; writable: boolean }) {
  const client = useQueryClient();
  const offers = useOffers();
  const events = useQuery({
    queryKey: ['admin', 'tracking-events'],
    queryFn: ({ signal }) =>
      get<{ tracking_events: TrackingEventRecord[] }>('/3.0/admin/tracking-events', { limit: 1000 }, signal),
    select: (answer) => answer.tracking_events.filter((event) => event.affiliate_id === affiliateId),
  });
  const [url, setUrl] = useState('');
  const [scope, setScope] = useState<'global' | 'offer'>('global');
  const [offerIds, setOfferIds] = useState<string[]>([]);
  const [goals, setGoals] = useState<string[]>([]);
  const [statuses, setStatuses] = useState<string[]>(['approved']);
  const refresh = () => client.invalidateQueries({ queryKey: ['admin', 'tracking-events'] });
  const add = useMutation({
    mutationFn: () =>
      post('/3.0/admin/tracking-events', {
        affiliate_id: affiliateId,
        url,
        scope,
        offer_ids: offerIds.map(Number),
        goals,
        statuses,
      }),
    onSuccess: async () => {
      setUrl('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => del(`/3.0/admin/tracking-events/${id}`),
    onSuccess: refresh,
  });
  return (
    <Stack>
      <FormError error={events.error ?? remove.error} />
      <RuleTable
        label="Tracking events"
        head={['ID', 'Scope', 'Offers', 'URL', 'Goals', 'Statuses', '']}
        rows={(events.data ?? []).map((e) => [
          e.id,
          e.scope === 'global' ? 'all offers except' : 'only offers',
          e.offer_ids.join(', ') || '—',
          <code key="url">{e.url}</code>,
          list(e.goals),
          e.statuses.join(', '),
          writable ? (
            <Button key="del" size="compact-sm" variant="default" onClick={() => remove.mutate(e.id)}>
              Delete tracking event {e.id}
            </Button>
          ) : null,
        ])}
      />
      {writable && (
        <Paper
          withBorder
          p="sm"
          component="form"
          aria-label="Add a tracking event"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Title order={4} size="h5" mb="xs">
            Add a tracking event
          </Title>
          <FormError error={add.error} fields={['url', 'scope', 'offer_ids', 'goals', 'statuses']} />
          <MacroUrlInput
            label="Tracking event URL"
            field="url"
            value={url}
            onChange={setUrl}
            macros={AFFILIATE_MACROS}
            error={add.error}
            required
          />
          <SimpleGrid cols={{ base: 1, md: 4 }} mt="xs">
            <Select
              label="Scope"
              data={[
                { value: 'global', label: 'All offers, except chosen' },
                { value: 'offer', label: 'Only chosen offers' },
              ]}
              value={scope}
              allowDeselect={false}
              onChange={(v) => setScope(v === 'offer' ? 'offer' : 'global')}
            />
            <MultiSelect
              label={scope === 'global' ? 'Excluded offers' : 'Offers'}
              data={choices(offers.data)}
              searchable
              value={offerIds}
              onChange={setOfferIds}
              error={fieldError(add.error, 'offer_ids')}
            />
            <TagsInput
              label="Conversion types (goals)"
              description="Empty: all"
              value={goals}
              onChange={setGoals}
              error={fieldError(add.error, 'goals')}
            />
            <MultiSelect
              label="Statuses"
              description="Fixed once created"
              data={STATUSES}
              value={statuses}
              onChange={setStatuses}
              error={fieldError(add.error, 'statuses')}
            />
          </SimpleGrid>
          <Group mt="sm">
            <Button type="submit" loading={add.isPending}>
              Add the tracking event
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
