/**
 * "Get link": makes a share link (POST /3.0/admin/share-links) for the slice as it is filtered
 * now, and shows it with a copy button. Whoever opens it sees that slice read-only, without
 * signing in (the /share/<token> page).
 */
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import type { ShareLinkRecord } from '../api/types';
import { FormError } from './FormError';

export function GetLink({ slice, filters }: { slice: ShareLinkRecord['slice']; filters: Record<string, string> }) {
  const [opened, setOpened] = useState(false);
  const clipboard = useClipboard({ timeout: 4000 });
  const create = useMutation({
    mutationFn: () => post<Pick<ShareLinkRecord, 'token' | 'url'>>('/3.0/admin/share-links', { slice, filters }),
  });
  const url = create.data ? new URL(create.data.url, window.location.origin).href : '';
  return (
    <>
      <Button
        variant="default"
        onClick={() => {
          setOpened(true);
          create.mutate();
        }}
      >
        Get link
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Share this log">
        <Stack>
          <Text size="sm">
            Anyone with this link sees these rows, read-only, without signing in. Secure tokens are hidden.
          </Text>
          <FormError error={create.error} />
          <Group align="end" wrap="nowrap">
            <TextInput label="Link" value={url} readOnly style={{ flex: 1 }} placeholder="Making the link…" />
            <Button onClick={() => clipboard.copy(url)} disabled={!url} color={clipboard.copied ? 'teal.9' : undefined}>
              {clipboard.copied ? 'Copied' : 'Copy'}
            </Button>
          </Group>
          {clipboard.error && <Text c="red.9">Copying failed: select the link and copy it by hand.</Text>}
        </Stack>
      </Modal>
    </>
  );
}
