// The frame of the pages seen before signing in: a narrow column with the product's name.
import { Container, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PublicPage({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <Container size={440} py={60} component="main">
      <Text fw={700} c="dimmed">
        Trackpost
      </Text>
      <Title order={1} size="h2" mt={4}>
        {title}
      </Title>
      {intro && (
        <Text size="sm" mt="xs">
          {intro}
        </Text>
      )}
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
