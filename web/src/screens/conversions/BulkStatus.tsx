/**
 * Changes the status (and optionally the comment) of the selected conversions: one
 * `PATCH /3.0/admin/conversions/:id` each, a few at a time, then says how many changed and which
 * were refused, with the server's reason.
 */
import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../../api/client';
import { STATUS_OPTIONS } from '../../components/filter-fields';

export interface Outcome {
  changed: number;
  refused: { id: string; reason: string }[];
}

async function patchAll(ids: string[], body: Record<string, string>): Promise<Outcome> {
  const outcome: Outcome = { changed: 0, refused: [] };
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await patch(`/3.0/admin/conversions/${encodeURIComponent(id)}`, body);
        outcome.changed++;
      } catch (error) {
        outcome.refused.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return outcome;
}

export function BulkStatus({ ids, onDone }: { ids: string[]; onDone: (outcome: Outcome) => void }) {
  const [status, setStatus] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const apply = useMutation({
    mutationFn: () => patchAll(ids, { ...(status ? { status } : {}), ...(comment.trim() ? { comment } : {}) }),
    onSuccess: onDone,
  });
  return (
    <Paper withBorder p="sm" aria-label="Change the selected conversions" component="section">
      <Group align="end">
        <Text fw={700} data-testid="selected-count">
          {ids.length} selected
        </Text>
        <Select label="New status" data={STATUS_OPTIONS} value={status} onChange={setStatus} w={160} />
        <TextInput label="Comment" value={comment} onChange={(event) => setComment(event.currentTarget.value)} />
        <Button
          onClick={() => apply.mutate()}
          loading={apply.isPending}
          disabled={ids.length === 0 || (!status && !comment.trim())}
        >
          Apply to {ids.length}
        </Button>
      </Group>
    </Paper>
  );
}

/** What a bulk change did, said once it is done. */
export function BulkOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <Text role="status" data-testid="bulk-result">
      {outcome.changed} changed
      {outcome.refused.length > 0 &&
        `; refused: ${outcome.refused.map((refusal) => `${refusal.id} (${refusal.reason})`).join(', ')}`}
    </Text>
  );
}
