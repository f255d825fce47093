/**
 * An affiliate's tracking events as a table (scope, goals, statuses, URL and, where the API
 * gives it, the last delivery: state, HTTP code, error, attempts) with change and delete, and
 * the form in a dialog to add or change one. The staff affiliate page and the portal both draw
 * it, each with its own API path and offers.
 */
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { TrackingEventRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { TONE } from '../../theme';
import { STATE_COLORS } from '../outbound-log/columns';
import type { PartnerTrackingEvent } from '../portal/types';
import type { Choice } from './choices';
import { RowActions, RuleDialog, useRemoveRule } from './editing';
import { EventForm } from './EventForm';

type Row = TrackingEventRecord & { last_delivery?: PartnerTrackingEvent['last_delivery'] };

function LastDelivery({ last }: { last: PartnerTrackingEvent['last_delivery'] }) {
  if (!last) return <Text size="sm">Never fired</Text>;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Badge color={STATE_COLORS[last.state] ?? TONE.neutral} variant="filled" tt="none">
          {last.state}
        </Badge>
        <Text size="sm">
          HTTP {last.http_code} · {last.attempts} attempt{last.attempts === 1 ? '' : 's'}
        </Text>
      </Group>
      <Text size="sm">
        {dateTime(last.date)} · conversion <code>{last.conversion_id}</code>
      </Text>
      {last.error && <Text size="sm">Error: {last.error}</Text>}
    </Stack>
  );
}

const offerList = (ids: readonly number[]) => ids.map((id) => `#${id}`).join(', ');

export function TrackingEventList({
  rows,
  error,
  delivery,
  path,
  queryKey,
  fixed,
  source,
  offers,
  readOnly,
}: {
  rows: Row[];
  /** Why the list could not be read. */
  error: unknown;
  /** Show each event's last delivery (the affiliate API gives it). */
  delivery?: boolean;
  path: string;
  queryKey: QueryKey;
  fixed?: Record<string, unknown>;
  source: string;
  offers: Choice[];
  readOnly: boolean;
}) {
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const remove = useRemoveRule(path, queryKey);
  return (
    <Stack gap="sm">
      <FormError error={error ?? remove.error} />
      {rows.length === 0 ? (
        <Text>No tracking events yet.</Text>
      ) : (
        <Table striped aria-label="Tracking events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Goals</Table.Th>
              <Table.Th>Statuses</Table.Th>
              <Table.Th>URL</Table.Th>
              {delivery && <Table.Th>Last delivery</Table.Th>}
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-testid={`event-${row.id}`}>
                <Table.Td>
                  {row.scope === 'global'
                    ? `All offers${row.offer_ids.length ? ` except ${offerList(row.offer_ids)}` : ''}`
                    : `Offers ${offerList(row.offer_ids)}`}
                </Table.Td>
                <Table.Td>{row.goals.length ? row.goals.join(', ') : 'All'}</Table.Td>
                <Table.Td>{row.statuses.join(', ')}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <code>{row.url}</code>
                </Table.Td>
                {delivery && (
                  <Table.Td>
                    <LastDelivery last={row.last_delivery ?? null} />
                  </Table.Td>
                )}
                <Table.Td>
                  <RowActions
                    readOnly={readOnly}
                    onOpen={() => setEditing(row)}
                    onDelete={() => remove.mutate(row.id)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RuleDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onAdd={() => setEditing('new')}
        readOnly={readOnly}
        addLabel="New tracking event"
        titles={{ new: 'New tracking event', existing: 'Tracking event' }}
        size="lg"
        form={(current) => (
          <EventForm
            path={path}
            queryKey={queryKey}
            fixed={fixed}
            source={source}
            offers={offers}
            current={current}
            readOnly={readOnly}
            onDone={() => setEditing(null)}
          />
        )}
      />
    </Stack>
  );
}
