// Pages and popups over W3C WebDriver, with the few calls the suites make
// (evaluate, click, fill, wait, screenshot). One WebDriver session drives
// one window at a time: each call first switches to its own window.
import { writeFile } from 'node:fs/promises';
import { By, error as wdError } from 'selenium-webdriver';
import { supports } from './engines.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `source` (a function's text) with the JSON `arg` in the page and
 * hands back its (awaited) result as JSON text, or what it threw. Firefox
 * runs WebDriver scripts in a sandbox with built-ins of its own (its
 * `Object`, `Error`, ...): the function is made with the page's own
 * `Function`, so that it runs in the page's realm, unless the page's CSP
 * forbids that (then it runs as the script itself). */
const EVALUATE = (source) => `
const done = arguments[arguments.length - 1];
const argJson = arguments[0];
let fn;
try {
  fn = window.Function('return (' + ${JSON.stringify(source)} + ')')();
} catch {
  fn = (${source});
}
Promise.resolve()
  .then(() => fn(window.JSON.parse(argJson)))
  .then(
    (value) => done({ json: value === undefined ? null : window.JSON.stringify(value) }),
    (e) => done({ threw: String((e && e.stack) || e) }),
  );`;

/** Fails unless the engine's popup blocker is on: a `window.open` from a
 * timer (no user activation) must return null. The popup flow is only
 * proven with the blocker on. */
export async function assertPopupBlockerOn(page, engine) {
  const opened = await page.evaluate(
    () => new Promise((resolve) => setTimeout(() => {
      const w = window.open('about:blank', '_blank', 'width=100,height=100');
      if (w) w.close();
      resolve(!!w);
    }, 0)),
  );
  if (opened) throw new Error(`${engine}: the popup blocker is off (window.open from a timer opened a window)`);
}

// A window or frame that went away while a command ran in it (a popup
// closing itself, an iframe its own click removed: "target frame detached").
const gone = (e) =>
  e instanceof wdError.NoSuchWindowError ||
  e instanceof wdError.NoSuchFrameError ||
  /no such window|no such frame|frame detached|discarded|closed/i.test(String(e?.message));

/** A browser session: its windows, and the popups they open. */
export class Browser {
  /** `checkPopupBlocker` (default true): the first page loaded fails unless
   * the engine's popup blocker is on (the bench's soak turns it off). */
  constructor(session, { checkPopupBlocker = true } = {}) {
    this.session = session;
    this.checkPopupBlocker = checkPopupBlocker;
    this.driver = session.driver;
    this.current = null;
    /** Every window handle seen so far (a new one is a popup or a new page). */
    this.known = new Set();
    this.pages = [];
  }

  /** Whether this browser's engine can do `feature` (engines.mjs). */
  supports(feature) {
    return supports(feature, this.session.engine);
  }

  async init() {
    const first = await this.driver.getWindowHandle();
    this.known.add(first);
    this.current = first;
    this.spare = first;
    return this;
  }

  /** A new page: the session's first window, then new windows (or, in a
   * one-view engine, the same view again). */
  async newPage() {
    let handle = this.spare;
    this.spare = null;
    if (!handle) {
      if (this.supports('windows')) {
        await this.switchToLiveWindow();
        await this.driver.switchTo().newWindow('window');
        handle = await this.driver.getWindowHandle();
        this.current = handle;
      } else {
        handle = [...this.known][0];
      }
    }
    this.known.add(handle);
    const page = new Page(this, handle);
    this.pages.push(page);
    return page;
  }

  /** New windows are made from a live one: the current one may be closed,
   * and a popup listed a moment ago may be closing (an earlier flow's
   * callback page closes itself). The session's own pages first. */
  async switchToLiveWindow() {
    const handles = await this.handles();
    const ordered = [...handles.filter((h) => this.known.has(h)), ...handles.filter((h) => !this.known.has(h))];
    for (const handle of ordered) {
      try {
        await this.switchTo(handle);
        return;
      } catch (e) {
        if (e.name !== 'NoSuchWindowError') throw e;
      }
    }
    throw new Error('no live window to open a new one from');
  }

  async switchTo(handle) {
    if (this.current !== handle) {
      await this.driver.switchTo().window(handle);
      this.current = handle;
    }
  }

  async handles() {
    return this.driver.getAllWindowHandles();
  }

  async close() {
    await this.session.end();
  }
}

/** Waits until `probe()` returns a truthy value; returns it. */
export async function until(probe, { timeout = 10_000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

export class Page {
  constructor(browser, handle) {
    this.browser = browser;
    this.driver = browser.driver;
    this.handle = handle;
    this.closed = false;
  }

  async use() {
    await this.browser.switchTo(this.handle);
  }

  async goto(url) {
    await this.use();
    await this.driver.get(url);
    if (this.browser.checkPopupBlocker && /^https?:/.test(url)) {
      this.browser.checkPopupBlocker = false;
      await assertPopupBlockerOn(this, this.browser.session.engine);
    }
  }

  /** `fn(arg)` in the page (awaited); its result as JSON would give it back. */
  async evaluate(fn, arg) {
    await this.use();
    const source = typeof fn === 'function' ? fn.toString() : `() => (${fn})`;
    const out = await this.driver.executeAsyncScript(EVALUATE(source), JSON.stringify(arg === undefined ? null : arg));
    if (out && typeof out.threw === 'string') throw new Error(`in the page: ${out.threw}`);
    return out.json === null ? undefined : JSON.parse(out.json);
  }

  async waitForFunction(fn, arg, { timeout = 10_000 } = {}) {
    return until(() => this.evaluate(fn, arg), { timeout, what: fn.toString().slice(0, 120) });
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  async url() {
    await this.use();
    return this.driver.getCurrentUrl();
  }

  async waitForURL(pattern, { timeout = 10_000 } = {}) {
    await until(async () => pattern.test(await this.url()), { timeout, what: `a URL matching ${pattern}` });
  }

  async click(selector) {
    await this.locator(selector).click();
  }

  locator(selector) {
    return new Locator(this, [selector]);
  }

  /** `locator()` inside the iframe `frameSelector`. */
  frameLocator(frameSelector) {
    return { locator: (selector) => new Locator(this, [selector], frameSelector) };
  }

  async textContent(selector) {
    return this.locator(selector).textContent();
  }

  async waitForSelector(selector, { timeout = 10_000 } = {}) {
    await this.locator(selector).waitFor({ timeout });
  }

  /** The window this page opened next (a popup not seen before). */
  async waitForPopup({ timeout = 5000 } = {}) {
    const handle = await until(async () => (await this.browser.handles()).find((h) => !this.browser.known.has(h)), {
      timeout,
      interval: 25,
      what: 'a popup',
    });
    this.browser.known.add(handle);
    return new Page(this.browser, handle);
  }

  async isClosed() {
    if (this.closed) return true;
    return !(await this.browser.handles()).includes(this.handle);
  }

  async waitForClose({ timeout = 5000 } = {}) {
    await until(() => this.isClosed(), { timeout, what: 'the window to close' });
  }

  /** Closes the window (as the user would), then drives the first page again. */
  async close() {
    if (await this.isClosed()) return;
    if (!this.browser.supports('windows') || (await this.browser.handles()).length === 1) {
      // The last window ends the WebDriver session: it is blanked and kept
      // for the next page instead.
      await this.goto('about:blank');
      this.browser.spare = this.handle;
      this.closed = true;
      return;
    }
    await this.use();
    await this.driver.close();
    this.closed = true;
    this.browser.current = null;
  }

  async setViewportSize({ width, height }) {
    await this.use();
    await this.driver.manage().window().setRect({ width, height }).catch(() => {});
  }

  async screenshot({ path }) {
    await this.use();
    await writeFile(path, Buffer.from(await this.driver.takeScreenshot(), 'base64'));
  }
}

/** Elements found by a chain of CSS selectors (optionally inside an iframe). */
class Locator {
  constructor(page, selectors, frame) {
    this.page = page;
    this.selectors = selectors;
    this.frame = frame;
  }

  locator(selector) {
    return new Locator(this.page, [...this.selectors, selector], this.frame);
  }

  /** Runs `fn(elements)` with the frame entered, if any. */
  async within(fn) {
    const { driver } = this.page;
    await this.page.use();
    if (this.frame) await driver.switchTo().frame(await driver.findElement(By.css(this.frame)));
    try {
      let found = await driver.findElements(By.css(this.selectors[0]));
      for (const selector of this.selectors.slice(1)) {
        const next = [];
        for (const el of found) next.push(...(await el.findElements(By.css(selector))));
        found = next;
      }
      return await fn(found);
    } finally {
      if (this.frame) await driver.switchTo().defaultContent().catch(() => {});
    }
  }

  count() {
    return this.within(async (els) => els.length);
  }

  async waitFor({ timeout = 10_000 } = {}) {
    await until(() => this.within(async (els) => els.length > 0 && (await els[0].isDisplayed())), {
      timeout,
      what: this.selectors.join(' '),
    });
  }

  async click() {
    await this.waitFor();
    try {
      await this.within((els) => els[0].click());
    } catch (e) {
      // A click that ends its window or frame (a popup closing itself, the
      // Connect UI removing its iframe) has done its work.
      if (!gone(e)) throw e;
    }
  }

  async fill(text) {
    await this.waitFor();
    await this.within(async ([el]) => {
      await el.clear();
      await el.sendKeys(text);
    });
  }

  textContent() {
    return this.within(([el]) => (el ? this.page.driver.executeScript('return arguments[0].textContent', el) : null));
  }

  async screenshot({ path }) {
    await this.waitFor();
    const data = await this.within(async ([el]) => {
      if (this.page.browser.supports('elementScreenshots')) return el.takeScreenshot();
      await this.page.driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', el);
      return this.page.driver.takeScreenshot();
    });
    await writeFile(path, Buffer.from(data, 'base64'));
  }
}
