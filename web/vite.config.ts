/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(new URL('./dist', import.meta.url));

// keepGitkeep writes dist/.gitkeep back after every build: the Go package
// web embeds dist/, which must exist (and be tracked) before the first build.
function keepGitkeep(): Plugin {
  return {
    name: 'dangjian-keep-gitkeep',
    apply: 'build',
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(`${outDir}/.gitkeep`, '');
    },
  };
}

// selfContained removes the one third-party URL the libraries' CSS carries
// (Vant's icon font lists a remote .woff after its embedded .woff2) and fails
// the build if any stylesheet still points at another origin: at run time
// everything must come from this server (CSP default-src 'self').
function selfContained(): Plugin {
  const remoteFont = /,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\(["']?woff["']?\)/g;
  const remoteUrl = /url\(\s*["']?(?:https?:)?\/\//;
  return {
    name: 'dangjian-self-contained',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const css = String(file.source).replace(remoteFont, '');
        if (remoteUrl.test(css)) this.error(`${file.fileName} refers to a third-party URL`);
        file.source = css;
      }
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [vue(), selfContained(), keepGitkeep()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data-URL modules: the CSP is default-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/teardown.ts'],
    css: false,
    // Mounting Element Plus pages in jsdom takes seconds on a busy 2-vCPU
    // machine; the 5 s default made the first test of a file flaky.
    testTimeout: 20000,
    server: { deps: { inline: ['element-plus', 'vant'] } },
  },
});
