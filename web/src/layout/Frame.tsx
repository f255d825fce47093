/**
 * The frame shared by the staff console (layout/Shell.tsx) and the affiliate portal
 * (screens/portal/PortalShell.tsx): a "Skip to content" link first for keyboard users, a header
 * with the title, who is signed in and "Sign out", a navigation that folds behind a burger on
 * small screens, and the screen itself.
 */
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { signOut } from '../api/session';

export function Frame({
  title,
  who,
  navLabel,
  nav,
  children,
}: {
  title: string;
  /** Who is signed in, as the header shows it. */
  who: string;
  /** The navigation's accessible name. */
  navLabel: string;
  nav: ReactNode;
  children: ReactNode;
}) {
  const [opened, { toggle }] = useDisclosure();
  const client = useQueryClient();
  const navigate = useNavigate();
  return (
    <AppShell
      padding="md"
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Title order={1} size="h4">
              {title}
            </Title>
          </Group>
          <Group>
            <Text size="sm" c="dimmed" data-testid="who">
              {who}
            </Text>
            <Button
              variant="subtle"
              size="xs"
              onClick={async () => {
                await signOut(client);
                await navigate({ to: '/sign-in', search: { next: undefined } });
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={navLabel}>
        <ScrollArea>{nav}</ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}

/** One navigation entry, marked as the current page when `active`. */
export function NavEntry({ to, label, active }: { to: string; label: string; active: boolean }) {
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      variant="filled"
      active={active}
      aria-current={active ? 'page' : undefined}
    />
  );
}
