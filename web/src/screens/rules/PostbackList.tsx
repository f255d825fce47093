/**
 * An affiliate's postback URLs as a table (for one offer or global, method, URL, goals,
 * statuses) with change and delete, and the form in a dialog to add or change one. The staff
 * affiliate page and the portal both draw it, each with its own API path and offers.
 */
import { Anchor, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { del } from '../../api/client';
import type { AffiliatePostbackRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { TONE } from '../../theme';
import type { Choice } from './choices';
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
  const client = useQueryClient();
  const [editing, setEditing] = useState<AffiliatePostbackRecord | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (id: number) => del(`${path}/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey }),
  });
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
                  <Group gap="xs">
                    <Anchor component="button" type="button" onClick={() => setEditing(row)}>
                      {readOnly ? 'View' : 'Edit'}
                    </Anchor>
                    {!readOnly && (
                      <Anchor component="button" type="button" c={TONE.bad} onClick={() => remove.mutate(row.id)}>
                        Delete
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <Group>
          <Button onClick={() => setEditing('new')}>Add postback</Button>
        </Group>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New postback' : 'Postback'}
        size="xl"
      >
        {editing !== null && (
          <PostbackForm
            key={editing === 'new' ? 'new' : editing.id}
            path={path}
            queryKey={queryKey}
            offers={offers}
            current={editing === 'new' ? null : editing}
            readOnly={readOnly}
            onDone={() => setEditing(null)}
            aside={aside}
          />
        )}
      </Modal>
    </Stack>
  );
}
