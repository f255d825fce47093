/**
 * One affiliate's page: its name, status (ban and unban in one click) and signing secret; its API
 * key (a new one replaces the old and is shown once); its postback URLs and tracking events.
 */
import { Anchor, Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { fieldError, get, patch, post } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { AffiliateRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { Section } from '../../components/Section';
import { OneTimeLink } from '../../components/OneTimeLink';
import { ViewAsAffiliate } from '../../components/ViewAsAffiliate';
import { affiliateStatusBadge } from './Affiliates';
import { AffiliatePostbacks, AffiliateTrackingEvents } from './OutboundRules';

const route = getRouteApi('/staff/affiliates/$affiliateId');

export function Affiliate() {
  const { affiliateId } = route.useParams();
  const id = Number(affiliateId);
  const writable = canWrite(useMe()?.role);
  const client = useQueryClient();
  const affiliate = useQuery({
    queryKey: ['admin', 'affiliates', id],
    queryFn: ({ signal }) => get<AffiliateRecord>(`/3.0/admin/affiliates/${id}`, undefined, signal),
  });
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  useEffect(() => {
    if (affiliate.data) {
      setName(affiliate.data.name);
      setSecret(affiliate.data.signing_secret ?? '');
    }
  }, [affiliate.data]);
  const changed = (saved: AffiliateRecord) => {
    client.setQueryData(['admin', 'affiliates', id], saved);
    return client.invalidateQueries({ queryKey: ['admin', 'affiliates'] });
  };
  const save = useMutation({
    mutationFn: () =>
      patch<AffiliateRecord>(`/3.0/admin/affiliates/${id}`, { name, signing_secret: secret.trim() || null }),
    onSuccess: changed,
  });
  const ban = useMutation({
    mutationFn: (status: AffiliateRecord['status']) =>
      patch<AffiliateRecord>(`/3.0/admin/affiliates/${id}`, { status }),
    onSuccess: changed,
  });
  const rotate = useMutation({
    mutationFn: () => post<{ id: number; api_key: string }>(`/3.0/admin/affiliates/${id}/api-key`),
  });
  if (affiliate.error) return <FormError error={affiliate.error} />;
  if (!affiliate.data) return <Title order={2}>Affiliate {id}</Title>;
  const status = affiliate.data.status;
  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Group>
          <Title order={2}>
            Affiliate {id}: {affiliate.data.name}
          </Title>
          {affiliateStatusBadge(status)}
        </Group>
        <Anchor renderRoot={(props) => <Link {...props} to="/affiliates" />}>All affiliates</Anchor>
      </Group>
      <Section title="General">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <FormError error={save.error ?? ban.error} fields={['name', 'signing_secret']} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput
              label="Name"
              required
              value={name}
              readOnly={!writable}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError(save.error, 'name')}
            />
            <TextInput
              label="Signing secret"
              description="Signs its POST postbacks (Standard Webhooks); empty: unsigned"
              value={secret}
              readOnly={!writable}
              autoComplete="off"
              onChange={(event) => setSecret(event.currentTarget.value)}
              error={fieldError(save.error, 'signing_secret')}
            />
          </SimpleGrid>
          {writable && (
            <Group mt="sm">
              <Button type="submit" loading={save.isPending}>
                Save the affiliate
              </Button>
              <Button
                variant="default"
                loading={ban.isPending}
                onClick={() => ban.mutate(status === 'active' ? 'banned' : 'active')}
              >
                {status === 'active' ? 'Ban the affiliate' : 'Lift the ban'}
              </Button>
              {status === 'banned' && <Text size="sm">Banned: its clicks are refused.</Text>}
              <ViewAsAffiliate affiliateId={id} />
            </Group>
          )}
        </form>
      </Section>
      <Section title="API key">
        <Stack>
          <Text size="sm">
            The key is stored hashed and shown only when it is made. A new key replaces the old one at once.
          </Text>
          <FormError error={rotate.error} />
          {rotate.data && <OneTimeLink label="New API key" url={rotate.data.api_key} />}
          {writable && !rotate.data && (
            <Group>
              <Button variant="default" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                Make a new API key
              </Button>
            </Group>
          )}
        </Stack>
      </Section>
      <Section title="Postbacks">
        <AffiliatePostbacks affiliateId={id} writable={writable} />
      </Section>
      <Section title="Tracking events">
        <AffiliateTrackingEvents affiliateId={id} writable={writable} />
      </Section>
    </Stack>
  );
}
