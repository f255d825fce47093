// Builds the web console into dist/console, which the server serves at `/` (src/http/console.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    // Each screen is its own chunk (lazy routes); the first load is the shell and the sign-in page.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite web` for development: the API and share links come from a running `npm start`.
    proxy: { '/3.0': 'http://127.0.0.1:3000', '/3.1': 'http://127.0.0.1:3000', '/share': 'http://127.0.0.1:3000' },
  },
});
