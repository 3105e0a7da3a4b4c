// A suite stopped by a signal ends the WebDriver server it started and the
// browser that server started, as it does when it ends normally: Ctrl-C
// (SIGINT to the terminal's process group), the SIGTERM of a CI runner or
// of `timeout`, a closed terminal's SIGHUP (the same handler). Signalled as
// a group, the suite's process gets the signal twice: once itself, once
// from `node --test`, which passes its own on. scripts/test-browser.sh
// runs this suite outside a PID namespace, as a developer's terminal does:
// there the harness's reading of /proc is slow enough for that second
// signal to arrive while the first is handled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE, running } from './engines.mjs';
import { until } from './webdriver-page.mjs';

const fixture = join(import.meta.dirname, 'fixtures', 'held-session.mjs');
const outDir = join(process.cwd(), 'target', 'test-browser', 'signals');

for (const sig of ['SIGTERM', 'SIGINT']) {
  test(`${sig} to a running suite's process group ends its driver and browser (${ENGINE})`, async () => {
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, `${ENGINE}-${sig}.json`);
    rmSync(out, { force: true });
    // A group of its own, as a terminal or a CI runner would start it.
    // (Without this suite's own NODE_TEST_CONTEXT, which would make the
    // inner `node --test` report to this one rather than run its file.)
    const { NODE_TEST_CONTEXT, ...env } = process.env;
    const run = spawn(process.execPath, ['--test', fixture], {
      detached: true,
      stdio: 'ignore',
      env: { ...env, NANGO_HELD_SESSION_OUT: out },
    });
    const exited = new Promise((resolve) => run.once('exit', resolve));
    let pids = { driver: 0, started: [] };
    try {
      await until(() => existsSync(out), { timeout: 60_000, what: 'the session to start' });
      pids = JSON.parse(readFileSync(out, 'utf8'));
      const all = [pids.driver, ...pids.started];
      assert.ok(pids.started.length > 0, `the driver started a browser: ${JSON.stringify(pids)}`);
      // (Some of a browser's helper processes end on their own meanwhile.)
      assert.ok(running(pids.driver) && pids.started.some(running), 'the driver and the browser run');
      process.kill(-run.pid, sig);
      await exited;
      await until(() => !all.some(running), { what: `the driver and the browser to end (${JSON.stringify(pids)})` });
    } finally {
      // Whatever is left when the test failed, by its group and its PIDs.
      for (const target of [-run.pid, pids.driver, ...pids.started].filter((pid) => pid && (pid < 0 || running(pid)))) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // ended
        }
      }
    }
  });
}
