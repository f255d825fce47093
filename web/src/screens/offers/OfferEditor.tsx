/**
 * The offer editor (`/offers/new` or `/offers/<id>`): general settings, tracking (tracking URL
 * with its macros checked as they are typed, trafficback, click lifespan, hold), payouts and
 * goals, caps, security (secure token, IP whitelist), the cross-postback (seed 004) and, once the
 * offer exists, the tracking link builder. One page of sections rather than tabs, so that a
 * refusal is always next to the field it names. A viewer sees the same page, read-only.
 */
import {
  Anchor,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { fieldError, get, patch, post } from '../../api/client';
import { choices, useAdvertisers, useAffiliates } from '../../api/lookups';
import { canWrite, useMe } from '../../api/session';
import type { OfferRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { Section } from '../../components/Section';
import { CapsEditor } from './CapsEditor';
import { bodyOf, draftOf, errorAt, NEW_OFFER, type OfferDraft } from './draft';
import { LinkBuilder } from './LinkBuilder';
import { CLICK_MACROS, CROSS_POSTBACK_MACROS } from './macros';
import { MacroUrlInput } from './MacroUrlInput';
import { PayoutsEditor } from './PayoutsEditor';

const route = getRouteApi('/staff/offers/$offerId');

/** Fields shown beside their input; any other refusal shows above the form. */
const FIELDS = [
  'title',
  'advertiser_id',
  'status',
  'currency',
  'privacy',
  'allowed_affiliates',
  'tracking_url',
  'trafficback_url',
  'click_lifespan_days',
  'hold_days',
  'secure_token',
  'allowed_ips',
  'cross_postback_url',
  'cross_postback_method',
  'signing_secret',
  'caps_timezone',
];

export function OfferEditor() {
  const { offerId } = route.useParams();
  const navigate = route.useNavigate();
  const isNew = offerId === 'new';
  const me = useMe();
  const readOnly = !canWrite(me?.role);
  const client = useQueryClient();
  const offer = useQuery({
    queryKey: ['admin', 'offers', offerId],
    queryFn: ({ signal }) => get<OfferRecord>(`/3.0/admin/offers/${offerId}`, undefined, signal),
    enabled: !isNew,
  });
  const advertisers = useAdvertisers();
  const affiliates = useAffiliates();
  const affiliateChoices = choices(affiliates.data);
  const [draft, setDraft] = useState<OfferDraft>(NEW_OFFER);
  useEffect(() => {
    if (offer.data) setDraft(draftOf(offer.data));
  }, [offer.data]);
  const save = useMutation({
    mutationFn: () =>
      isNew
        ? post<OfferRecord>('/3.0/admin/offers', bodyOf(draft))
        : patch<OfferRecord>(`/3.0/admin/offers/${offerId}`, bodyOf(draft)),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['admin', 'offers'] });
      if (isNew) await navigate({ to: '/offers/$offerId', params: { offerId: String(saved.id) } });
    },
  });
  const update = (change: Partial<OfferDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    if (save.isError || save.isSuccess) save.reset();
  };
  const error = save.error;
  const at = (field: string) => fieldError(error, field);
  const besideAField =
    FIELDS.some((field) => at(field)) ||
    /^payouts\.\d+\./.test(error?.message ?? '') ||
    Boolean(errorAt(error, 'caps'));

  if (!isNew && offer.isPending) return <Title order={2}>Offer {offerId}</Title>;
  if (!isNew && offer.error) return <FormError error={offer.error} />;

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md" maw={1100}>
        <Group justify="space-between">
          <Title order={2}>{isNew ? 'New offer' : `Offer ${offerId}: ${offer.data?.title ?? ''}`}</Title>
          <Anchor component={Link} to="/offers">
            All offers
          </Anchor>
        </Group>
        {!besideAField && <FormError error={error} />}
        <Section title="General">
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput
              label="Title"
              required
              value={draft.title}
              readOnly={readOnly}
              onChange={(event) => update({ title: event.currentTarget.value })}
              error={at('title')}
            />
            <Select
              label="Advertiser"
              required
              searchable
              data={choices(advertisers.data)}
              value={draft.advertiser_id === null ? null : String(draft.advertiser_id)}
              readOnly={readOnly}
              onChange={(value) => update({ advertiser_id: value ? Number(value) : null })}
              error={at('advertiser_id')}
            />
            <Select
              label="Status"
              data={['active', 'paused', 'stopped']}
              value={draft.status}
              readOnly={readOnly}
              allowDeselect={false}
              onChange={(value) => update({ status: (value ?? 'active') as OfferDraft['status'] })}
            />
            <TextInput
              label="Currency"
              description="ISO-4217, e.g. USD"
              value={draft.currency}
              maxLength={3}
              readOnly={readOnly}
              onChange={(event) => update({ currency: event.currentTarget.value.toUpperCase() })}
              error={at('currency')}
            />
            <Select
              label="Privacy"
              data={[
                { value: 'public', label: 'Public: every affiliate' },
                { value: 'private', label: 'Private: chosen affiliates' },
              ]}
              value={draft.privacy}
              readOnly={readOnly}
              allowDeselect={false}
              onChange={(value) => update({ privacy: value === 'private' ? 'private' : 'public' })}
            />
            {draft.privacy === 'private' && (
              <Select
                label="Add an allowed affiliate"
                data={affiliateChoices.filter((choice) => !draft.allowed_affiliates.includes(Number(choice.value)))}
                searchable
                value={null}
                readOnly={readOnly}
                onChange={(value) =>
                  value && update({ allowed_affiliates: [...draft.allowed_affiliates, Number(value)] })
                }
                error={at('allowed_affiliates')}
                description={
                  draft.allowed_affiliates.length
                    ? `Allowed: ${draft.allowed_affiliates.join(', ')}`
                    : 'No affiliate allowed yet'
                }
              />
            )}
          </SimpleGrid>
          {draft.privacy === 'private' && draft.allowed_affiliates.length > 0 && !readOnly && (
            <Button size="compact-sm" variant="subtle" mt="xs" onClick={() => update({ allowed_affiliates: [] })}>
              Clear the allowed affiliates
            </Button>
          )}
        </Section>
        <Section title="Tracking">
          <Stack>
            <MacroUrlInput
              label="Tracking URL"
              field="tracking_url"
              required
              description="Where a click goes, e.g. https://shop.example/?click={clickid}&aff={pid}"
              value={draft.tracking_url}
              onChange={(value) => update({ tracking_url: value })}
              macros={CLICK_MACROS}
              error={error}
              readOnly={readOnly}
            />
            <MacroUrlInput
              label="Trafficback URL"
              field="trafficback_url"
              description="Where refused and over-cap clicks go; empty: the click is answered with the refusal"
              value={draft.trafficback_url ?? ''}
              onChange={(value) => update({ trafficback_url: value })}
              macros={CLICK_MACROS}
              error={error}
              readOnly={readOnly}
            />
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <NumberInput
                label="Click lifespan (days)"
                description="How long a click can still convert"
                value={draft.click_lifespan_days}
                min={1}
                max={3650}
                readOnly={readOnly}
                onChange={(value) => update({ click_lifespan_days: Number(value) || 1 })}
                error={at('click_lifespan_days')}
              />
              <NumberInput
                label="Hold (days)"
                description="Approved conversions wait this long as hold; 0: no hold"
                value={draft.hold_days}
                min={0}
                max={60}
                readOnly={readOnly}
                onChange={(value) => update({ hold_days: Number(value) || 0 })}
                error={at('hold_days')}
              />
            </SimpleGrid>
          </Stack>
        </Section>
        <Section title="Payouts and goals">
          <PayoutsEditor
            payouts={draft.payouts}
            onChange={(payouts) => update({ payouts })}
            affiliates={affiliateChoices}
            currency={draft.currency}
            error={error}
            readOnly={readOnly}
          />
        </Section>
        <Section title="Caps">
          <CapsEditor offer={draft} onChange={update} affiliates={affiliateChoices} error={error} readOnly={readOnly} />
        </Section>
        <Section title="Security">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput
              label="Secure token"
              description="Postbacks must pass it as secure; empty: the advertiser's token"
              value={draft.secure_token ?? ''}
              readOnly={readOnly}
              autoComplete="off"
              onChange={(event) => update({ secure_token: event.currentTarget.value })}
              error={at('secure_token')}
            />
            <TagsInput
              label="IP whitelist"
              description="Addresses, CIDR blocks or ranges postbacks may come from; empty: any"
              value={draft.allowed_ips}
              readOnly={readOnly}
              onChange={(value) => update({ allowed_ips: value })}
              error={at('allowed_ips')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Cross-postback">
          <Stack>
            <MacroUrlInput
              label="Cross-postback URL"
              field="cross_postback_url"
              description="Sent to a third party when a conversion is created and when it becomes approved, declined or pending"
              value={draft.cross_postback_url ?? ''}
              onChange={(value) => update({ cross_postback_url: value })}
              macros={CROSS_POSTBACK_MACROS}
              error={error}
              readOnly={readOnly}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select
                label="Method"
                description="POST sends the macro values as a JSON body"
                data={['GET', 'POST']}
                value={draft.cross_postback_method}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) => update({ cross_postback_method: value === 'POST' ? 'POST' : 'GET' })}
              />
              <TextInput
                label="Signing secret"
                description="Signs POST cross-postbacks (Standard Webhooks); empty: unsigned"
                value={draft.signing_secret ?? ''}
                readOnly={readOnly}
                autoComplete="off"
                onChange={(event) => update({ signing_secret: event.currentTarget.value })}
                error={at('signing_secret')}
              />
            </SimpleGrid>
          </Stack>
        </Section>
        {!readOnly && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {isNew ? 'Create the offer' : 'Save the offer'}
            </Button>
            {save.isSuccess && !isNew && (
              <span role="status" className="saved">
                Saved
              </span>
            )}
          </Group>
        )}
        {!isNew && (
          <Section title="Tracking link builder">
            <LinkBuilder offerId={Number(offerId)} affiliates={affiliateChoices} />
          </Section>
        )}
      </Stack>
    </form>
  );
}
