/**
 * The affiliate's postback URLs (`/3.0/partner/postback-urls`): global or per offer, with goal
 * and status filters; add, change, delete, and test any URL. What they sent is in the outbound log.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import { PostbackList } from '../rules/PostbackList';
import { useOfferChoices } from './offer-choices';
import { useReadOnly } from './PortalShell';
import { TestPostback } from './TestPostback';
import type { PostbackUrlList } from './types';

const PATH = '/3.0/partner/postback-urls';
const KEY = ['partner', 'postback-urls'];

export function Postbacks() {
  const readOnly = useReadOnly();
  const offers = useOfferChoices();
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => get<PostbackUrlList>(PATH, { limit: 1000 }, signal),
  });
  return (
    <Stack gap="sm">
      <Title order={2}>Postbacks</Title>
      <Text size="sm" c="dimmed">
        A conversion fires your postbacks for its offer when you have any, else your global ones, filtered by goal and
        status.
      </Text>
      <PostbackList
        rows={list.data?.postbacks ?? []}
        error={list.error}
        path={PATH}
        queryKey={KEY}
        offers={offers}
        readOnly={readOnly}
        aside={(url, method) => <TestPostback url={url} method={method} />}
      />
    </Stack>
  );
}
