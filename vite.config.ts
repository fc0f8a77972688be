import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// One config for the client build (root: client/) and the three test projects.
export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/sync': { target: 'ws://localhost:8080', ws: true }
    }
  },
  test: {
    root: '.',
    // Vitest takes one worker on a 2-core machine (cores − 1); much test time
    // is waiting on sockets, child processes and Chromium, so two workers do
    // more (e2e files too, see their project).
    maxWorkers: 2,
    // Files of a worker share its modules instead of each importing the
    // server, Yjs and ProseMirror anew: the server project took 197 s alone
    // with a fresh module graph per file and 146 s without, with the same
    // results. Every file starts its own servers and clients; module-level
    // state they share is counters, which tests read as differences. Browser
    // files stay isolated (below).
    isolate: false,
    projects: [
      {
        extends: true,
        // A ceiling, not a wait: the 5 s default failed check-imports (it runs the checker) and the parser's sweep on a loaded machine.
        test: { name: 'unit', root: '.', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 }
      },
      {
        extends: true,
        test: {
          name: 'server',
          root: '.',
          include: ['test/server/**/*.test.ts', 'test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: 150_000,
          hookTimeout: 150_000
        }
      },
      {
        extends: true,
        // Process-level durability and hostile-client tests again, with the
        // server on PostgreSQL (issue #16: the same tests on both engines;
        // testkit/server-process.ts reads TEST_STORAGE). The storage
        // contract, restart and unavailability tests cover PostgreSQL in the
        // server project.
        test: {
          name: 'server-postgres',
          root: '.',
          include: [
            'test/reliability/crash-loop.test.ts',
            'test/reliability/hostile-clients.test.ts',
            'test/reliability/offline-merge-at-scale.test.ts',
            'test/server/kill9-loses-nothing-received.test.ts',
            'test/server/first-start-link.test.ts'
          ],
          environment: 'node',
          env: { TEST_STORAGE: 'postgres' },
          testTimeout: 150_000,
          hookTimeout: 150_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own server (port 0, own data dir) and one
          // browser shared by its tests, so two files run at once like the
          // other projects' files (one at a time, the e2e files alone took
          // longer than the rest of the suite).
          fileParallelism: true,
          // A process per file: run one after another in one process, the
          // browser files slowed down file by file (the e2e project alone:
          // 1,020 s of CPU, five tests past their 60 s waits).
          isolate: true
        }
      }
    ]
  }
})
