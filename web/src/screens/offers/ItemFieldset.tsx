/**
 * One numbered item of a list the offer editor edits (a goal, a cap): a fieldset whose legend
 * is "Goal 2", with a "Remove goal 2" button beside it unless the form is read-only.
 */
import { Button, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function ItemFieldset({
  noun,
  index,
  readOnly,
  onRemove,
  children,
}: {
  /** What the item is, capitalised ("Goal", "Cap"). */
  noun: string;
  index: number;
  readOnly: boolean;
  onRemove: () => void;
  children: ReactNode;
}) {
  const name = `${noun} ${index + 1}`;
  return (
    <Paper withBorder p="sm" mb="sm" component="fieldset" aria-label={name}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} component="legend">
          {name}
        </Text>
        {!readOnly && (
          <Button size="compact-sm" variant="default" onClick={onRemove}>
            Remove {name.toLowerCase()}
          </Button>
        )}
      </Group>
      {children}
    </Paper>
  );
}
