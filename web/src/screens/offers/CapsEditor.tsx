/**
 * Caps of an offer: rules limiting conversions, budget or clicks per hour, day, month or all
 * time, for every goal or affiliate together, each one apart, or a chosen few; the time zone of
 * their windows, the statuses they count, and whether clicks over a cap go to trafficback.
 * The server's refusal of a rule ("caps[1].value must be …") shows on that rule.
 */
import { Button, Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Switch, Text } from '@mantine/core';
import { fieldError } from '../../api/client';
import type { OfferRecord } from '../../api/types';
import { type CapDraft, errorAt, newCap } from './draft';
import { ItemFieldset } from './ItemFieldset';

interface Props {
  offer: Pick<OfferRecord, 'caps_timezone' | 'caps_status' | 'is_redirect_overcap' | 'currency'> & {
    caps: CapDraft[];
    payouts: { goal: string }[];
  };
  onChange: (
    change: Partial<Pick<Props['offer'], 'caps' | 'caps_timezone' | 'caps_status' | 'is_redirect_overcap'>>,
  ) => void;
  affiliates: { value: string; label: string }[];
  error: unknown;
  readOnly: boolean;
}

const SCOPES = (noun: string) => [
  { value: 'all', label: `All ${noun}s together` },
  { value: 'each', label: `Each ${noun} apart` },
  { value: 'exact', label: `Only chosen ${noun}s` },
];

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
if (!ZONES.includes('UTC')) ZONES.unshift('UTC');

export function CapsEditor({ offer, onChange, affiliates, error, readOnly }: Props) {
  const caps = offer.caps;
  const set = (index: number, change: Partial<CapDraft>) =>
    onChange({ caps: caps.map((cap, i) => (i === index ? { ...cap, ...change } : cap)) });
  const goals = offer.payouts.map((payout) => payout.goal).filter(Boolean);
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 3 }} mb="sm">
        <Select
          label="Caps time zone"
          description="Where hours, days and months start"
          data={ZONES}
          searchable
          value={offer.caps_timezone}
          readOnly={readOnly}
          allowDeselect={false}
          onChange={(value) => onChange({ caps_timezone: value ?? 'UTC' })}
          error={fieldError(error, 'caps_timezone')}
        />
        <Checkbox.Group
          label="Statuses a cap counts"
          value={offer.caps_status}
          onChange={(value) => onChange({ caps_status: value as OfferRecord['caps_status'] })}
          error={errorAt(error, 'caps_status')}
        >
          <Group mt={6}>
            {['approved', 'pending', 'hold', 'declined'].map((status) => (
              <Checkbox key={status} value={status} label={status} disabled={readOnly} />
            ))}
          </Group>
        </Checkbox.Group>
        <Switch
          mt="lg"
          label="Over a cap for all goals, send clicks to trafficback"
          checked={offer.is_redirect_overcap}
          disabled={readOnly}
          onChange={(event) => onChange({ is_redirect_overcap: event.currentTarget.checked })}
        />
      </SimpleGrid>
      {caps.map((cap, index) => {
        const problem = errorAt(error, `caps[${index}]`);
        const key = `cap-${index}`;
        return (
          <ItemFieldset
            key={key}
            noun="Cap"
            index={index}
            readOnly={readOnly}
            onRemove={() => onChange({ caps: caps.filter((_, i) => i !== index) })}
          >
            <SimpleGrid cols={{ base: 1, md: 4 }}>
              <Select
                label="Limit"
                data={[
                  { value: 'conversions', label: 'Conversions' },
                  { value: 'budget', label: `Budget (${offer.currency}, payouts)` },
                  { value: 'clicks', label: 'Clicks' },
                ]}
                value={cap.type}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) => set(index, { type: (value ?? 'conversions') as CapDraft['type'] })}
              />
              <Select
                label="Per"
                data={[
                  { value: 'hour', label: 'Hour' },
                  { value: 'day', label: 'Day' },
                  { value: 'month', label: 'Month' },
                  { value: 'all', label: 'All time' },
                ]}
                value={cap.period}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) => set(index, { period: (value ?? 'day') as CapDraft['period'] })}
              />
              <NumberInput
                label="Value"
                value={cap.value}
                min={0}
                decimalScale={cap.type === 'budget' ? 4 : 0}
                readOnly={readOnly}
                onChange={(value) => set(index, { value: Number(value) || 0 })}
              />
              <span />
              <Select
                label="Goals"
                data={SCOPES('goal')}
                value={cap.goal_type}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) =>
                  set(index, {
                    goal_type: (value ?? 'all') as CapDraft['goal_type'],
                    goals: value === 'exact' ? cap.goals : [],
                  })
                }
              />
              <MultiSelect
                label="Chosen goals"
                data={goals}
                value={cap.goals}
                disabled={cap.goal_type !== 'exact' || readOnly}
                onChange={(value) => set(index, { goals: value })}
              />
              <Select
                label="Affiliates"
                data={SCOPES('affiliate')}
                value={cap.affiliate_type}
                readOnly={readOnly}
                allowDeselect={false}
                onChange={(value) =>
                  set(index, {
                    affiliate_type: (value ?? 'all') as CapDraft['affiliate_type'],
                    affiliates: value === 'exact' ? cap.affiliates : [],
                  })
                }
              />
              <MultiSelect
                label="Chosen affiliates"
                data={affiliates}
                searchable
                value={cap.affiliates.map(String)}
                disabled={cap.affiliate_type !== 'exact' || readOnly}
                onChange={(value) => set(index, { affiliates: value.map(Number) })}
              />
            </SimpleGrid>
            {problem && (
              <Text c="red.9" size="sm" mt="xs" role="alert">
                {problem}
              </Text>
            )}
          </ItemFieldset>
        );
      })}
      {!readOnly && (
        <Button variant="default" onClick={() => onChange({ caps: [...caps, newCap()] })}>
          Add a cap
        </Button>
      )}
    </>
  );
}
