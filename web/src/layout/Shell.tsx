/**
 * The frame around every staff screen (layout/Frame.tsx) with the navigation of layout/nav.ts
 * filtered by the account's role, in its groups.
 */
import { Text } from '@mantine/core';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useMe } from '../api/session';
import { Frame, NavEntry } from './Frame';
import { navFor } from './nav';

export function Shell() {
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!me) return null;
  const entries = navFor(me.role);
  const groups = [...new Set(entries.map((entry) => entry.group))];
  const nav = groups.map((group) => (
    <div key={group}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
        {group}
      </Text>
      {entries
        .filter((entry) => entry.group === group)
        .map((entry) => (
          <NavEntry
            key={entry.to}
            to={entry.to}
            label={entry.label}
            active={entry.to === '/' ? pathname === '/' : pathname.startsWith(entry.to)}
          />
        ))}
    </div>
  ));
  return (
    <Frame title="Trackpost" who={`${me.name} · ${me.role}`} navLabel="Main" nav={nav}>
      <Outlet />
    </Frame>
  );
}
