// Loaded first by every page the test app server serves (it adds the tag),
// and by the bench's soak page: counts what a flow leaves behind (event
// listeners added minus removed, WebSockets not yet closed, timers pending,
// popups open), records window.open calls, uncaught errors, unhandled promise
// rejections and console lines, for the suites to read.
(() => {
  const counts = { listeners: 0, sockets: 0 };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const live = new WeakMap();
  const ids = new WeakMap();
  const keyOf = (type, fn, opts) => {
    if (!ids.has(fn)) ids.set(fn, Math.random());
    return `${type}|${typeof opts === 'object' && opts !== null ? !!opts.capture : !!opts}|${ids.get(fn)}`;
  };
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (fn) {
      let set = live.get(this);
      if (!set) live.set(this, (set = new Set()));
      const key = keyOf(type, fn, opts);
      if (!set.has(key)) {
        set.add(key);
        counts.listeners++;
      }
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const set = live.get(this);
    if (fn && set && set.delete(keyOf(type, fn, opts))) counts.listeners--;
    return remove.call(this, type, fn, opts);
  };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      counts.sockets++;
      add.call(this, 'close', () => counts.sockets--);
    }
  };
  window.__counts = counts;

  window.__openCalls = [];
  // Popups opened and not closed yet (closed ones are let go: a closed
  // window kept here would keep its whole page alive).
  let opened = [];
  const open = window.open;
  window.open = function (...args) {
    window.__openCalls.push(args.map(String));
    const w = open.apply(this, args);
    opened = opened.filter((o) => !o.closed);
    if (w) opened.push(w);
    return w;
  };
  // Closes the newest popup still open, as its user would, and returns the
  // time it did (Date.now()), or null when none is open: a test measures
  // from there to the call's end in the page, with no WebDriver round trip
  // in between.
  window.__closeNewestPopup = () => {
    const w = opened.filter((o) => !o.closed).at(-1);
    if (!w) return null;
    const at = Date.now();
    w.close();
    return at;
  };
  Object.defineProperty(counts, 'popups', {
    enumerable: true,
    get: () => (opened = opened.filter((o) => !o.closed)).length,
  });

  // Timers pending (set, neither fired nor cleared), timeouts and intervals.
  const timers = new Set();
  counts.timers = 0;
  const track = (set, clear, once) => {
    const nativeSet = window[set];
    const nativeClear = window[clear];
    window[set] = function (fn, ...rest) {
      let id;
      const wrapped = typeof fn === 'function' && once
        ? function (...a) { timers.delete(id); counts.timers = timers.size; return fn.apply(this, a); }
        : fn;
      id = nativeSet.call(this, wrapped, ...rest);
      timers.add(id);
      counts.timers = timers.size;
      return id;
    };
    window[clear] = function (id) {
      timers.delete(id);
      counts.timers = timers.size;
      return nativeClear.call(this, id);
    };
  };
  track('setTimeout', 'clearTimeout', true);
  track('setInterval', 'clearInterval', false);

  window.__pageErrors = [];
  add.call(window, 'error', (e) => window.__pageErrors.push(`error: ${e.message}`));
  add.call(window, 'unhandledrejection', (e) => {
    const r = e.reason;
    window.__pageErrors.push(`unhandled rejection: ${r && r.type ? `${r.type} ` : ''}${(r && r.message) || r}`);
  });

  window.__console = [];
  for (const level of ['log', 'info', 'warn', 'error']) {
    const original = console[level];
    console[level] = function (...args) {
      window.__console.push(`${level}: ${args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ')}`);
      return original.apply(this, args);
    };
  }
})();
