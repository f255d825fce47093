/**
 * Adding or changing one of an affiliate's postback URLs, by the same rules on the staff
 * affiliate page (admin API) and in the portal (affiliate API): global (every offer without a
 * postback of its own) or for one offer, GET or POST, the goals and statuses it fires for, and
 * the URL with its macros checked as typed against the affiliate-facing list. `aside` sits
 * beside the buttons (the portal's test send of the URL as it stands).
 */
import { Group, MultiSelect, Select, Stack, TagsInput } from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { fieldError, patch, post } from '../../api/client';
import type { AffiliatePostbackRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { type Choice, STATUS_CHOICES } from './choices';
import { FormButtons, RuleUrlInput, useSaveRule } from './editing';

const FIELDS = ['url', 'method', 'offer_id', 'goals', 'statuses'];

export interface PostbackFormProps {
  /** The collection's API path: POST to it, PATCH `path/id`. */
  path: string;
  /** The list to refresh after a save. */
  queryKey: QueryKey;
  offers: Choice[];
  current: AffiliatePostbackRecord | null;
  readOnly: boolean;
  onDone: () => void;
  aside?: (url: string, method: 'GET' | 'POST') => ReactNode;
}

export function PostbackForm({ path, queryKey, offers, current, readOnly, onDone, aside }: PostbackFormProps) {
  const [url, setUrl] = useState(current?.url ?? '');
  const [method, setMethod] = useState<'GET' | 'POST'>(current?.method ?? 'GET');
  const [offer, setOffer] = useState(current?.offer_id ? String(current.offer_id) : '');
  const [goals, setGoals] = useState<string[]>(current?.goals ?? []);
  const [statuses, setStatuses] = useState<string[]>(current?.statuses ?? []);
  const { save, submit } = useSaveRule(
    queryKey,
    () => {
      const body = { url, method, offer_id: offer ? Number(offer) : null, goals, statuses };
      return current ? patch(`${path}/${current.id}`, body) : post(path, body);
    },
    onDone,
  );
  return (
    <form onSubmit={submit} aria-label={current ? 'Change the postback' : 'New postback'}>
      <Stack gap="sm">
        <FormError error={save.error} fields={FIELDS} />
        <RuleUrlInput label="Postback URL" value={url} onChange={setUrl} error={save.error} />
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
          {aside?.(url, method) ?? <span />}
          <FormButtons
            onCancel={onDone}
            pending={save.isPending}
            readOnly={readOnly}
            label={current ? 'Save changes' : 'Add postback'}
          />
        </Group>
      </Stack>
    </form>
  );
}
