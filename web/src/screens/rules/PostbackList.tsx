/**
 * An affiliate's postback URLs as a table (for one offer or global, method, URL, goals,
 * statuses) with change and delete, and the form in a dialog to add or change one. The staff
 * affiliate page and the portal both draw it, each with its own API path and offers.
 */
import { Stack, Table, Text } from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { AffiliatePostbackRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import type { Choice } from './choices';
import { RowActions, RuleDialog, useRemoveRule } from './editing';
import { PostbackForm } from './PostbackForm';

const all = (values: readonly string[]) => (values.length ? values.join(', ') : 'All');

export function PostbackList({
  rows,
  error,
  path,
  queryKey,
  offers,
  readOnly,
  aside,
}: {
  rows: AffiliatePostbackRecord[];
  /** Why the list could not be read. */
  error: unknown;
  path: string;
  queryKey: QueryKey;
  offers: Choice[];
  readOnly: boolean;
  aside?: (url: string, method: 'GET' | 'POST') => ReactNode;
}) {
  const [editing, setEditing] = useState<AffiliatePostbackRecord | 'new' | null>(null);
  const remove = useRemoveRule(path, queryKey);
  return (
    <Stack gap="sm">
      <FormError error={error ?? remove.error} />
      {rows.length === 0 ? (
        <Text>No postbacks yet.</Text>
      ) : (
        <Table striped aria-label="Postbacks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>For</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Goals</Table.Th>
              <Table.Th>Statuses</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.offer_id === null ? 'Global' : `Offer #${row.offer_id}`}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  {row.method} <code>{row.url}</code>
                </Table.Td>
                <Table.Td>{all(row.goals)}</Table.Td>
                <Table.Td>{all(row.statuses)}</Table.Td>
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
        addLabel="Add postback"
        titles={{ new: 'New postback', existing: 'Postback' }}
        size="xl"
        form={(current) => (
          <PostbackForm
            path={path}
            queryKey={queryKey}
            offers={offers}
            current={current}
            readOnly={readOnly}
            onDone={() => setEditing(null)}
            aside={aside}
          />
        )}
      />
    </Stack>
  );
}
