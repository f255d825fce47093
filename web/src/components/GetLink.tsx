/**
 * "Get link": makes a share link (POST /3.0/admin/share-links) for the slice as it is filtered
 * now, and shows it with a copy button. Whoever opens it sees that slice read-only, without
 * signing in (the /share/<token> page).
 */
import { Button, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import type { ShareLinkRecord } from '../api/types';
import { FormError } from './FormError';
import { OneTimeLink } from './OneTimeLink';

export function GetLink({ slice, filters }: { slice: ShareLinkRecord['slice']; filters: Record<string, string> }) {
  const [opened, setOpened] = useState(false);
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
          <OneTimeLink label="Link" url={url} />
        </Stack>
      </Modal>
    </>
  );
}
