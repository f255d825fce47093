/**
 * The filters of the server postbacks log (seed 003: date, click ID, status, goal, action ID,
 * offer, advertiser, affiliate, response status, and a partial search over the parameters).
 * They apply on "Apply" or Enter, and go into the URL.
 */
import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldError } from '../../api/client';
import type { ServerPostbacksSearch } from './search';

type Form = Record<
  Exclude<keyof ServerPostbacksSearch, 'page' | 'limit' | 'response_status'> | 'response_status',
  string
>;

const empty = (search: ServerPostbacksSearch, dates: { date_from: string; date_to: string }): Form => ({
  date_from: search.date_from ?? dates.date_from,
  date_to: search.date_to ?? dates.date_to,
  search: search.search ?? '',
  click_id: search.click_id ?? '',
  action_id: search.action_id ?? '',
  goal: search.goal ?? '',
  status: search.status ?? '',
  response_status: search.response_status ?? '',
  offer: search.offer ?? '',
  partner: search.partner ?? '',
  supplier: search.supplier ?? '',
});

export function Filters({
  search,
  dates,
  error,
  onApply,
}: {
  search: ServerPostbacksSearch;
  dates: { date_from: string; date_to: string };
  /** The last API refusal, shown next to the filter it names. */
  error: unknown;
  onApply: (search: ServerPostbacksSearch) => void;
}) {
  const [form, setForm] = useState<Form>(() => empty(search, dates));
  // Back and forward (a different URL) show that URL's filters.
  useEffect(() => setForm(empty(search, dates)), [search, dates]);
  const field = (name: keyof Form) => ({
    value: form[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [name]: value }));
    },
    error: fieldError(error, name),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: ServerPostbacksSearch = {};
    for (const [name, value] of Object.entries(form)) {
      if (value.trim() !== '') (next as Record<string, string>)[name] = value.trim();
    }
    onApply(next);
  };
  return (
    <form onSubmit={submit} aria-label="Filters">
      <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} spacing="xs" verticalSpacing="xs">
        <TextInput label="Search in parameters" {...field('search')} placeholder="part of any value" />
        <TextInput label="From" type="date" {...field('date_from')} />
        <TextInput label="To" type="date" {...field('date_to')} />
        <TextInput label="Click ID" {...field('click_id')} />
        <TextInput label="Action ID" {...field('action_id')} />
        <TextInput label="Goal" {...field('goal')} />
        <TextInput label="Status (as sent)" {...field('status')} />
        <Select
          label="Response"
          data={[
            { value: '', label: 'Any' },
            { value: '1', label: 'status:1 (accepted)' },
            { value: '2', label: 'status:2 (refused)' },
          ]}
          value={form.response_status}
          onChange={(value) => setForm((current) => ({ ...current, response_status: value ?? '' }))}
          error={fieldError(error, 'response_status')}
          allowDeselect={false}
        />
        <TextInput label="Offer IDs" {...field('offer')} placeholder="1, 2" />
        <TextInput label="Advertiser IDs" {...field('supplier')} placeholder="1, 2" />
        <TextInput label="Affiliate IDs" {...field('partner')} placeholder="1, 2" />
        <Group align="end">
          <Button type="submit">Apply</Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
