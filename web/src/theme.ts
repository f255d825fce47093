/**
 * The console's Mantine theme. Shades chosen for contrast (WCAG AA, checked by axe-core in the
 * browser suite): Mantine's default primary shade and "dimmed" grey are too light on white.
 */
import { Code, createTheme, Modal } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif',
  components: {
    // Every dialog's close button says what it does.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // Long JSON and URLs wrap instead of scrolling sideways (a scrolling box needs keyboard access).
    Code: Code.extend({ defaultProps: { style: { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } } }),
  },
});

/**
 * Colours of badges with white text, dark enough for small bold text (Mantine's darkest green
 * and orange are not): use these rather than palette shades.
 */
export const TONE = {
  good: '#1b5e20',
  bad: '#a61b1b',
  warn: '#8a4b00',
  info: '#0b4f8a',
  neutral: '#495057',
} as const;
