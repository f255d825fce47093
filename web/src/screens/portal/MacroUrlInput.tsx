/**
 * A URL field whose `{macros}` are checked as they are typed against the macros the affiliate
 * API accepts (`GET /3.0/partner/macros`): an unknown one is named with the nearest known one
 * suggested, and the advertiser's macros are refused with the reason, as the server would.
 */
import { TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { closest } from 'fastest-levenshtein';
import { get } from '../../api/client';

const ADVERTISER_ONLY = ['revenue', 'order_sum', 'advertiser_id'];

/** The first problem with the URL's macros, or null. */
export function macroProblem(url: string, known: readonly string[]): string | null {
  if (known.length === 0) return null;
  for (const match of url.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1];
    if (known.includes(name)) continue;
    if (ADVERTISER_ONLY.includes(name)) return `{${name}} carries the advertiser's side of a conversion: not available`;
    return `Unknown macro {${name}} (did you mean {${closest(name, [...known])}}?)`;
  }
  return null;
}

export function useMacros(): string[] {
  return (
    useQuery({
      queryKey: ['partner', 'macros'],
      queryFn: ({ signal }) => get<{ macros: string[] }>('/3.0/partner/macros', {}, signal),
      staleTime: Number.POSITIVE_INFINITY,
    }).data?.macros ?? []
  );
}

export function MacroUrlInput({
  label,
  value,
  onChange,
  serverError,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  serverError?: string;
  disabled?: boolean;
}) {
  const macros = useMacros();
  const problem = macroProblem(value, macros);
  return (
    <TextInput
      label={label}
      required
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={problem ?? serverError}
      description="Macros such as {clickid}, {status}, {payout}, {sub1}"
      placeholder="https://tracker.example/postback?click={clickid}&status={status}"
    />
  );
}
