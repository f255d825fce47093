/**
 * Payouts and goals of an offer (seeds 000 and 001): each goal's value (checked as it is typed
 * with the server's own rule), title, revenue and payout (fixed or percent of the sum), the
 * countries and affiliates it applies to, whether affiliates see it, how repeated conversions of
 * one click count, and the status a postback that names none gets.
 */
import { Button, MultiSelect, NumberInput, Select, SimpleGrid, Switch, TagsInput, TextInput } from '@mantine/core';
import { fieldError } from '../../api/client';
import type { PayoutRecord } from '../../api/types';
import { goalValueProblem } from '../../../../src/domain/goal';
import { newPayout } from './draft';
import { ItemFieldset } from './ItemFieldset';

interface Props {
  payouts: PayoutRecord[];
  onChange: (payouts: PayoutRecord[]) => void;
  affiliates: { value: string; label: string }[];
  currency: string;
  error: unknown;
  readOnly: boolean;
}

const MULTIPLE = [
  { value: 'txn', label: 'Yes, one per transaction id (action_id)' },
  { value: 'no', label: 'No: one per click' },
  { value: 'yes', label: 'Yes: every postback counts' },
];

const STATUSES = ['approved', 'pending', 'hold', 'declined'];

export function PayoutsEditor({ payouts, onChange, affiliates, currency, error, readOnly }: Props) {
  const set = (index: number, change: Partial<PayoutRecord>) =>
    onChange(payouts.map((payout, i) => (i === index ? { ...payout, ...change } : payout)));
  return (
    <>
      {payouts.map((payout, index) => {
        const at = (name: string) => fieldError(error, `payouts.${index}.${name}`);
        const unit = payout.payout_type === 'percent' ? '% of sum' : currency;
        const key = `payout-${index}`;
        return (
          <ItemFieldset
            key={key}
            noun="Goal"
            index={index}
            readOnly={readOnly}
            onRemove={() => onChange(payouts.filter((_, i) => i !== index))}
          >
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput
                label="Goal value"
                description="What the advertiser's postback sends as goal; 1 when it sends none"
                value={payout.goal}
                required
                readOnly={readOnly}
                onChange={(event) => set(index, { goal: event.currentTarget.value })}
                error={at('goal') ?? goalValueProblem(payout.goal.trim()) ?? undefined}
              />
              <TextInput
                label="Goal title"
                description="Shown in statistics; default: the value"
                value={payout.title}
                readOnly={readOnly}
                onChange={(event) => set(index, { title: event.currentTarget.value })}
                error={at('title')}
              />
              <Select
                label="Payout model"
                data={[
                  { value: 'fixed', label: 'Fixed amount' },
                  { value: 'percent', label: 'Percent of the sum' },
                ]}
                value={payout.payout_type}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) => set(index, { payout_type: value === 'percent' ? 'percent' : 'fixed' })}
              />
              <NumberInput
                label={`Revenue (${unit})`}
                description="What the advertiser pays"
                value={payout.revenue}
                min={0}
                decimalScale={4}
                readOnly={readOnly}
                onChange={(value) => set(index, { revenue: Number(value) || 0 })}
                error={at('revenue')}
              />
              <NumberInput
                label={`Payout (${unit})`}
                description="What the affiliate earns"
                value={payout.payout}
                min={0}
                decimalScale={4}
                readOnly={readOnly}
                onChange={(value) => set(index, { payout: Number(value) || 0 })}
                error={at('payout')}
              />
              <Select
                label="Default status"
                description="For postbacks that name no status"
                data={STATUSES}
                value={payout.default_status}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) =>
                  set(index, { default_status: (value ?? 'approved') as PayoutRecord['default_status'] })
                }
                error={at('default_status')}
              />
              <TagsInput
                label="Countries"
                description="ISO codes (US, DE…); empty: every country"
                value={payout.countries}
                readOnly={readOnly}
                onChange={(value) => set(index, { countries: value.map((code) => code.trim().toUpperCase()) })}
                error={at('countries')}
              />
              <MultiSelect
                label="Affiliates"
                description="Empty: every affiliate"
                data={affiliates}
                value={payout.affiliates.map(String)}
                searchable
                readOnly={readOnly}
                onChange={(value) => set(index, { affiliates: value.map(Number) })}
                error={at('affiliates')}
              />
              <Select
                label="Multiple conversions per click"
                data={MULTIPLE}
                value={payout.multiple}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) => set(index, { multiple: (value ?? 'txn') as PayoutRecord['multiple'] })}
              />
            </SimpleGrid>
            <Switch
              mt="sm"
              label="Private: hidden from affiliates"
              checked={payout.private}
              disabled={readOnly}
              onChange={(event) => set(index, { private: event.currentTarget.checked })}
            />
          </ItemFieldset>
        );
      })}
      {!readOnly && (
        <Button variant="default" onClick={() => onChange([...payouts, newPayout(String(payouts.length + 1))])}>
          Add a goal
        </Button>
      )}
    </>
  );
}
