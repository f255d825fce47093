/**
 * What the postback and tracking event lists and forms share: a form's save (create or change,
 * then refresh the list and close), its URL input, its Cancel and submit buttons; a row's
 * actions (open it, delete it) with the delete itself; the add button and the form's dialog.
 */
import { Anchor, Button, Group, Modal } from '@mantine/core';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, type ReactNode } from 'react';
import { del } from '../../api/client';
import { TONE } from '../../theme';
import { AFFILIATE_MACROS } from '../offers/macros';
import { MacroUrlInput } from '../offers/MacroUrlInput';
import { URL_HINT } from './choices';

/** The form's save: `send` creates or changes the rule; on success the list refreshes, then `onDone`. */
export function useSaveRule(queryKey: QueryKey, send: () => Promise<unknown>, onDone: () => void) {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return { save, submit };
}

/** Cancel and the submit button, which a read-only viewer cannot press. */
export function FormButtons({
  onCancel,
  pending,
  readOnly,
  label,
}: {
  onCancel: () => void;
  pending: boolean;
  readOnly: boolean;
  label: string;
}) {
  return (
    <Group>
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} disabled={readOnly}>
        {label}
      </Button>
    </Group>
  );
}

/** Deleting a rule of the collection at `path`; the list refreshes after it. */
export function useRemoveRule(path: string, queryKey: QueryKey) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del(`${path}/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey }),
  });
}

/** A row's actions: open it (to change, or to view when read-only) and, unless read-only, delete it. */
export function RowActions({
  readOnly,
  onOpen,
  onDelete,
}: {
  readOnly: boolean;
  onOpen: () => void;
  onDelete: () => void;
}) {
  return (
    <Group gap="xs">
      <Anchor component="button" type="button" onClick={onOpen}>
        {readOnly ? 'View' : 'Edit'}
      </Anchor>
      {!readOnly && (
        <Anchor component="button" type="button" c={TONE.bad} onClick={onDelete}>
          Delete
        </Anchor>
      )}
    </Group>
  );
}

/** The rule's URL, its macros checked as typed against the affiliate-facing list. */
export function RuleUrlInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (url: string) => void;
  /** The save's error, whose `url` field message shows under the input. */
  error: unknown;
}) {
  return (
    <MacroUrlInput
      label={label}
      field="url"
      value={value}
      onChange={onChange}
      macros={AFFILIATE_MACROS}
      description={URL_HINT}
      error={error}
      required
    />
  );
}

/**
 * The list's "add" button (unless read-only) and the dialog holding the form of the rule being
 * added or opened; `form` draws it for `editing` (null: a new one).
 */
export function RuleDialog<T extends { id: number }>({
  editing,
  onClose,
  onAdd,
  readOnly,
  addLabel,
  titles,
  size,
  form,
}: {
  editing: T | 'new' | null;
  onClose: () => void;
  onAdd: () => void;
  readOnly: boolean;
  addLabel: string;
  /** The dialog's title for a new rule and for an existing one. */
  titles: { new: string; existing: string };
  size: string;
  form: (current: T | null) => ReactNode;
}) {
  return (
    <>
      {!readOnly && (
        <Group>
          <Button onClick={onAdd}>{addLabel}</Button>
        </Group>
      )}
      <Modal
        opened={editing !== null}
        onClose={onClose}
        title={editing === 'new' ? titles.new : titles.existing}
        size={size}
      >
        {editing !== null && (
          <Fragment key={editing === 'new' ? 'new' : editing.id}>{form(editing === 'new' ? null : editing)}</Fragment>
        )}
      </Modal>
    </>
  );
}
