/**
 * A URL field whose `{macros}` are checked as they are typed: an unknown one is named beside
 * the field with the nearest known macro and a button that puts it in. A refusal from the server
 * that names this field shows in the same place.
 */
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { fieldError } from '../../api/client';
import { applySuggestion, checkMacros } from './macros';

interface Props {
  label: string;
  /** The API's name of the field (for the server's refusals). */
  field: string;
  value: string;
  onChange: (value: string) => void;
  macros: readonly string[];
  description?: string;
  error: unknown;
  required?: boolean;
  readOnly?: boolean;
}

export function MacroUrlInput({
  label,
  field,
  value,
  onChange,
  macros,
  description,
  error,
  required,
  readOnly,
}: Props) {
  const check = useMemo(() => checkMacros(value, macros), [value, macros]);
  const shown = check.problem ?? fieldError(error, field);
  return (
    <Stack gap={4}>
      <TextInput
        label={label}
        description={description}
        value={value}
        required={required}
        readOnly={readOnly}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={shown}
        spellCheck={false}
        autoComplete="off"
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {check.unknown && check.suggestion && !readOnly && (
        <Group>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => onChange(applySuggestion(value, check.unknown as string, check.suggestion as string))}
          >
            Use {`{${check.suggestion}}`} instead of {`{${check.unknown}}`}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
