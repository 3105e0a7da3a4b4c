// The browser engines the JavaScript suites run in, all driven through W3C
// WebDriver (selenium-webdriver): Chromium (chromedriver), Firefox ESR
// (geckodriver), WebKitGTK (WebKitWebDriver + MiniBrowser, under Xvfb) and
// WPE WebKit (WPEWebDriver + cog, headless, one view: no popups).
//
// Each suite starts its own driver in a process group of its own and ends
// exactly what it started: the WebDriver session (which quits the browser),
// then the driver's group and every process it left (found by parentage in
// /proc), by PID. Nothing is ended by name.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, open } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { Builder } from 'selenium-webdriver';

/** The engine this run is for (`NANGO_BROWSER`, default chromium). */
export const ENGINE = process.env.NANGO_BROWSER || 'chromium';

const which = (name, fallbacks) => [process.env[`${name.toUpperCase().replace(/[^A-Z]/g, '_')}`], ...fallbacks].find(Boolean);

/** How each engine is started, and what it can do. */
const ENGINES = {
  chromium: {
    driver: which('chromedriver', ['/usr/bin/chromedriver']),
    args: (port) => [`--port=${port}`],
    features: { popups: true, windows: true, cdp: true, elementScreenshots: true },
    capabilities: async ({ popupBlockerOff }) => ({
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM || '/usr/bin/chromium',
        args: [
          '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
          '--disable-dev-shm-usage', '--window-size=1280,900',
          `--user-data-dir=${await mkdtemp(join(tmpdir(), 'nango-chromium-'))}`,
        ],
        // chromedriver turns the popup blocker off unless told not to.
        excludeSwitches: popupBlockerOff ? ['enable-automation'] : ['disable-popup-blocking', 'enable-automation'],
      },
    }),
  },
  firefox: {
    driver: which('geckodriver', [join(homedir(), '.cargo', 'bin', 'geckodriver')]),
    args: (port) => ['--port', String(port)],
    features: { popups: true, windows: true, elementScreenshots: true },
    capabilities: async ({ popupBlockerOff }) => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX || '/usr/bin/firefox-esr',
        args: ['-headless', '-width', '1280', '-height', '900'],
        // geckodriver turns the popup blocker off unless told not to.
        prefs: { 'dom.disable_open_during_load': !popupBlockerOff, 'browser.link.open_newwindow': 2 },
      },
    }),
  },
  webkitgtk: {
    driver: which('webkitwebdriver', ['/usr/bin/WebKitWebDriver']),
    args: (port) => [`--port=${port}`],
    // Its element screenshots come out black under Xvfb: the page is taken.
    features: { popups: true, windows: true },
    needsDisplay: true,
    capabilities: async ({ popupBlockerOff }) => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation', ...(popupBlockerOff ? ['--javascript-can-open-windows-automatically=true'] : [])],
      },
    }),
  },
  wpe: {
    driver: which('wpewebdriver', ['/usr/bin/WPEWebDriver']),
    args: (port) => [`--port=${port}`],
    // cog shows one view: a popup replaces the page.
    features: {},
    capabilities: async () => ({
      browserName: 'cog',
      'wpe:browserOptions': { binary: process.env.COG || '/usr/bin/cog', args: ['--automation', '--platform=headless'] },
    }),
  },
};

if (!ENGINES[ENGINE]) throw new Error(`NANGO_BROWSER=${ENGINE}: expected one of ${Object.keys(ENGINES).join(', ')}`);

/** Whether this engine can do `feature`: `popups` (more than one view),
 * `windows` (several pages at once), `cdp` (Chromium's DevTools protocol),
 * `elementScreenshots`. */
export function supports(feature, engine = ENGINE) {
  return !!ENGINES[engine].features[feature];
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The fields of `/proc/<pid>/stat` after the command's name (state,
 * ppid, ...), or null when there is no such process. */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** PIDs of every live descendant of `pid`, read from /proc. */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (!fields) continue; // gone meanwhile
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const stack = [pid];
  while (stack.length) {
    for (const child of children.get(stack.pop()) || []) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

function signal(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** Whether `pid` runs: it exists and is not a zombie (in the PID namespace
 * of scripts/test-browser.sh, orphans wait there to be reaped). */
export function running(pid) {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z';
}

/** Ends the driver and whatever it started: its process group, and its
 * descendants by PID (a browser may have moved to a session of its own).
 * Returns the PIDs it signalled; SIGKILL follows in 2 s while this process
 * lives. */
function endDriverProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return [];
  const pids = [...descendants(child.pid), child.pid];
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // no group left
  }
  signal(pids, 'SIGTERM');
  setTimeout(() => signal(pids, 'SIGKILL'), 2000).unref();
  return pids;
}

/** The drivers this process started and has not ended yet. */
const live = new Set();
/** On Ctrl-C, a SIGTERM or a SIGHUP, this process ends its drivers (and
 * what they started) and waits for them, SIGKILL after 2 s, before it
 * exits. The listener stays while it waits: with none left, a second
 * signal would kill this process at once, and one comes when the whole
 * process group is signalled (`node --test` passes its own on). */
let ending = false;
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, async () => {
    if (ending) return;
    ending = true;
    const pids = [...live].flatMap(endDriverProcess);
    for (let waited = 0; waited < 2000 && pids.some(running); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    signal(pids.filter(running), 'SIGKILL');
    process.exit(code);
  });
}

/** A WebDriver session of `name` (default: this run's engine) on a driver
 * of this suite's own: `{ driver, engine, end() }`. `popupBlockerOff`: for
 * the bench's soak, which opens popups from a loop, and for the suites'
 * shapes that open a popup after an `await`. */
export async function startSession(name = ENGINE, { popupBlockerOff = false } = {}) {
  const engine = ENGINES[name];
  if (!engine) throw new Error(`unknown engine ${name}: expected one of ${Object.keys(ENGINES).join(', ')}`);
  if (engine.needsDisplay && !process.env.DISPLAY) {
    throw new Error(`${name} needs an X display: run it under xvfb-run (scripts/test-browser.sh and bench.sh do)`);
  }
  const port = await freePort();
  const logDir = join(process.cwd(), 'target', 'test-browser', 'drivers');
  await mkdir(logDir, { recursive: true });
  const log = await open(join(logDir, `${name}-${port}.log`), 'w');
  const child = spawn(engine.driver, engine.args(port), { detached: true, stdio: ['ignore', log.fd, log.fd] });
  const onExit = () => endDriverProcess(child);
  process.on('exit', onExit);
  live.add(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/status`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 100 || child.exitCode !== null) {
      endDriverProcess(child);
      throw new Error(`${engine.driver} did not start (see target/test-browser/drivers/${name}-${port}.log)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let driver;
  try {
    driver = await new Builder().usingServer(url).withCapabilities(await engine.capabilities({ popupBlockerOff })).build();
    await driver.manage().setTimeouts({ script: 60_000, pageLoad: 30_000 });
  } catch (e) {
    endDriverProcess(child);
    throw e;
  }
  return {
    driver,
    engine: name,
    /** The WebDriver server's process (tests/js/signals.test.mjs). */
    driverPid: child.pid,
    async end() {
      // At most 10 s for the browser to quit; the timer is unref'd, or it
      // would keep every suite's process alive for 10 s after its end.
      await Promise.race([driver.quit().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      endDriverProcess(child);
      live.delete(child);
      process.off('exit', onExit);
      await log.close().catch(() => {});
    },
  };
}
