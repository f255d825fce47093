/**
 * The console's Mantine theme. Shades chosen for contrast (WCAG AA, checked by axe-core in the
 * browser suite): Mantine's default primary shade and "dimmed" grey are too light on white.
 */
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif',
});
