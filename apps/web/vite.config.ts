import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is static files: `vaxel start` serves apps/web/dist at / with an SPA fallback.
// In development Vite serves the console and passes API calls to a local `vaxel start`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // The server replaces this placeholder in index.html with a fresh CSP nonce per response
  // (packages/api/src/http/consoleFiles.ts); Mantine's <style> elements carry it (styleNonce.ts).
  html: { cspNonce: 'VAXEL_CSP_NONCE' },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } } },
});
