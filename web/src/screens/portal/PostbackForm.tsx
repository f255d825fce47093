/**
 * Adding or changing one of the affiliate's postback URLs: global (every offer without a
 * postback of its own) or for one offer, GET or POST, the goals and statuses it fires for, the
 * URL with its macros checked as typed, and a test send of the URL as it stands.
 */
import { Button, Group, MultiSelect, Select, Stack, TagsInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldError, patch, post } from '../../api/client';
import { FormError } from '../../components/FormError';
import { MacroUrlInput } from './MacroUrlInput';
import { useOfferChoices } from './offer-choices';
import { TestPostback } from './TestPostback';
import { STATUS_CHOICES, type PostbackUrl } from './types';

const FIELDS = ['url', 'method', 'offer_id', 'goals', 'statuses'];

export function PostbackForm({
  current,
  readOnly,
  onDone,
}: {
  current: PostbackUrl | null;
  readOnly: boolean;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const offers = useOfferChoices();
  const [url, setUrl] = useState(current?.url ?? '');
  const [method, setMethod] = useState<'GET' | 'POST'>(current?.method ?? 'GET');
  const [offer, setOffer] = useState(current?.offer_id ? String(current.offer_id) : '');
  const [goals, setGoals] = useState<string[]>(current?.goals ?? []);
  const [statuses, setStatuses] = useState<string[]>(current?.statuses ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body = { url, method, offer_id: offer ? Number(offer) : null, goals, statuses };
      return current
        ? patch(`/3.0/partner/postback-urls/${current.id}`, body)
        : post('/3.0/partner/postback-urls', body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['partner', 'postback-urls'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={current ? 'Change the postback' : 'New postback'}>
      <Stack gap="sm">
        <FormError error={save.error} fields={FIELDS} />
        <MacroUrlInput label="Postback URL" value={url} onChange={setUrl} serverError={fieldError(save.error, 'url')} />
        <Group grow align="start">
          <Select
            label="Method"
            data={['GET', 'POST']}
            value={method}
            onChange={(value) => setMethod(value === 'POST' ? 'POST' : 'GET')}
            allowDeselect={false}
          />
          <Select
            label="Offer"
            data={[{ value: '', label: 'Global (all offers without their own)' }, ...offers]}
            value={offer}
            onChange={(value) => setOffer(value ?? '')}
            error={fieldError(save.error, 'offer_id')}
            searchable
            allowDeselect={false}
          />
        </Group>
        <Group grow align="start">
          <TagsInput
            label="Goals"
            description="Empty: every goal"
            value={goals}
            onChange={setGoals}
            error={fieldError(save.error, 'goals')}
          />
          <MultiSelect
            label="Statuses"
            description="Empty: every status"
            data={STATUS_CHOICES}
            value={statuses}
            onChange={setStatuses}
            error={fieldError(save.error, 'statuses')}
          />
        </Group>
        <Group justify="space-between" align="start">
          <TestPostback url={url} method={method} />
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={readOnly}>
              {current ? 'Save changes' : 'Add postback'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
