/**
 * Which columns of a table are shown, remembered in localStorage under `trackpost.columns.<key>`
 * so that "Edit columns" survives a reload (per browser, like the panels users know).
 */
import type { VisibilityState } from '@tanstack/react-table';
import { useCallback, useState } from 'react';

const storageKey = (key: string) => `trackpost.columns.${key}`;

function load(key: string, defaults: VisibilityState): VisibilityState {
  try {
    const saved = localStorage.getItem(storageKey(key));
    return saved ? { ...defaults, ...(JSON.parse(saved) as VisibilityState) } : defaults;
  } catch {
    return defaults;
  }
}

export function useColumnVisibility(key: string, defaults: VisibilityState = {}) {
  const [visibility, setVisibility] = useState<VisibilityState>(() => load(key, defaults));
  const update = useCallback(
    (next: VisibilityState) => {
      setVisibility(next);
      try {
        localStorage.setItem(storageKey(key), JSON.stringify(next));
      } catch {
        // storage full or blocked: the choice lasts until the page is left
      }
    },
    [key],
  );
  return [visibility, update] as const;
}
