/**
 * How far an offer's caps are in their current windows (`GET /3.0/stats/caps`): one bar per
 * rule, "37 / 100 conversions a day", red once reached.
 */
import { Progress, Stack, Text } from '@mantine/core';
import type { CapProgressRecord } from '../../api/types';

type CapProgressRow = CapProgressRecord;

const PER: Record<CapProgressRow['timeframe'], string> = {
  hour: 'an hour',
  day: 'a day',
  month: 'a month',
  all: 'in all',
};

export const capShare = (rule: CapProgressRow) =>
  rule.value > 0 ? Math.min(100, (rule.current_value / rule.value) * 100) : 0;

export function CapProgress({ rules }: { rules: readonly CapProgressRow[] | undefined }) {
  if (!rules || rules.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No caps
      </Text>
    );
  return (
    <Stack gap={2} miw={180}>
      {rules.map((rule) => {
        const label = `${rule.current_value} / ${rule.value} ${rule.type} ${PER[rule.timeframe]}`;
        return (
          <div key={rule.id}>
            <Text size="xs">{label}</Text>
            <Progress
              value={capShare(rule)}
              color={rule.is_remaining ? (capShare(rule) >= 80 ? 'orange.9' : 'blue.9') : 'red.9'}
              size="sm"
              aria-label={label}
            />
          </div>
        );
      })}
    </Stack>
  );
}
