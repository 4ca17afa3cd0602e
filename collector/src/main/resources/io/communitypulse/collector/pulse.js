/**
 * pulse.js: the Community Pulse browser tracker. No dependencies, plain ES2017.
 * What it sends, stores and honours: docs/producing-events.md, "From a web page".
 *
 *   <script>
 *     window.pulse = window.pulse || function () { (pulse.q = pulse.q || []).push(arguments); };
 *     pulse('init', { community: 'acme', key: 'pk_acme_…' });
 *   </script>
 *   <script async src="https://collect.example.com/pulse.js"></script>
 *
 * Events go to the collector's POST /v1/events as a JSON array (the JSON form of the click
 * events), batched, retried with back-off and kept in localStorage until the collector has
 * taken them, so a retry after a lost answer is dropped by the job's event_id deduplication.
 */
(() => {
  'use strict';

  const w = window;
  const d = document;
  const nav = navigator;
  const waiting = w.pulse;
  if (waiting && waiting.version) return; // loaded twice: the first copy stays in charge

  const VERSION = '1.0.0';
  const TRACKED = ['SEARCH', 'SIGN_UP', 'CONVERSION', 'CLICK'];
  // Keys of track()/page() fields that are event fields; any other key becomes a property.
  const FIELDS = ['url', 'referrer', 'content_id', 'conversion_value'];
  const DEFAULTS = {
    community: null, // community_id of every event (required)
    key: null, // the community's write key (required)
    endpoint: null, // default: /v1/events on the host pulse.js came from
    trackPageViews: true, // PAGE_VIEW on load and on single-page-app navigation
    trackLinks: true, // CLICK on every followed link
    shareParam: 'ref', // the query parameter of share links: ?ref=<member id>
    respectDoNotTrack: true, // send and store nothing under Do Not Track or Global Privacy Control
    requireConsent: false, // send and store nothing before consent(true)
    batchSize: 10, // send once this many events wait (and at most this many per request)
    flushInterval: 1000, // ...or once the oldest waiting event is this old (ms)
    maxQueue: 100, // events kept on the device while the collector cannot be reached
    maxAge: 3600000, // drop unsent events older than this (ms): the job refuses them as LATE
    visitTimeout: 1800000, // a share link's referral ends after this long without an event (ms)
    cookieDomain: null, // e.g. '.example.com' to share the anonymous id with subdomains
    cookieDays: 365,
    contentId: null, // function (url) returning the content_id of a page view; default: <meta name="pulse:content-id">
  };

  // Where each piece of state lives on the device (all first-party).
  const ID_COOKIE = '_pulse_id'; // the anonymous id; localStorage under the same name if cookies fail
  const MEMBER = '_pulse_member'; // localStorage: the member the device is bound to
  const CONSENT = '_pulse_consent'; // localStorage: '1' granted, '0' refused
  const VISIT = '_pulse_visit'; // sessionStorage: {r: referred_by, t: time of the last event}
  const QUEUE = '_pulse_q_'; // localStorage, + community: events not yet taken by the collector
  const BACKOFF = '_pulse_b_'; // localStorage, + community: 'retryAt,attempts'

  const OFF = 0; // Do Not Track / GPC, or consent refused: nothing sent, nothing stored
  const PENDING = 1; // waiting for consent: events held in memory only
  const ON = 2;

  const script = d.currentScript;
  let opts = null;
  let state = OFF;
  let endpoint = '';
  let anonymousId = null;
  let memberId = null;
  let visit = {};
  let queue = []; // this page's unsent events, oldest first
  let inflight = new Set(); // event ids of the request under way
  let timer = 0;
  let retryAt = 0;
  let attempts = 0;
  let limit = 0; // events per request; halved after a 413
  let lastUrl = null;
  const early = []; // commands called before init

  // ---- device storage: every access may throw (storage disabled, private mode, quota) ----------

  function storage(area, name, value) {
    try {
      const s = w[area];
      if (value === undefined) return s.getItem(name);
      if (value === null) s.removeItem(name);
      else s.setItem(name, value);
    } catch (e) {
      // not available: state stays in memory for this page
    }
    return null;
  }
  const local = (name, value) => storage('localStorage', name, value);

  function readJson(text, fallback) {
    try {
      return JSON.parse(text) || fallback;
    } catch (e) {
      return fallback;
    }
  }

  function readCookie(name) {
    const m = d.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  }

  function writeCookie(name, value) {
    let c = name + '=' + encodeURIComponent(value || '') + '; path=/; SameSite=Lax; max-age=';
    c += value ? Math.round(opts.cookieDays * 86400) : 0;
    if (opts.cookieDomain) c += '; domain=' + opts.cookieDomain;
    if (location.protocol === 'https:') c += '; Secure';
    try {
      d.cookie = c;
    } catch (e) {
      // cookies blocked
    }
  }

  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; // version 4
    b[8] = (b[8] & 63) | 128; // RFC 4122 variant
    let s = '';
    for (let i = 0; i < 16; i++) {
      s += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? '-' : '');
    }
    return s;
  }

  /** Writes what is in memory to the device; only once sending is allowed. */
  function persist() {
    if (state !== ON) return;
    writeCookie(ID_COOKIE, anonymousId);
    local(ID_COOKIE, readCookie(ID_COOKIE) === anonymousId ? null : anonymousId);
    local(MEMBER, memberId);
    storage('sessionStorage', VISIT, JSON.stringify(visit));
  }

  /** Forgets everything this script stored on the device and in memory. */
  function forget() {
    writeCookie(ID_COOKIE, null);
    [ID_COOKIE, MEMBER, QUEUE + opts.community, BACKOFF + opts.community].forEach((k) => local(k, null));
    storage('sessionStorage', VISIT, null);
    queue = [];
    visit = {};
    memberId = null;
    anonymousId = uuid();
  }

  // ---- the queue of unsent events -------------------------------------------------------------
  // localStorage holds the union of the unsent events of every page of the site: a page adds
  // its new events and removes those the collector took. A page adopts what it finds there when
  // it loads, so an event still unsent when its page closed is sent by the next page. (Two open
  // tabs may both send one adopted event; the job keeps one, by event_id.)

  const fresh = (e) => Date.now() - e.occurred_at < opts.maxAge;

  function stored() {
    return readJson(local(QUEUE + opts.community), []).filter(fresh);
  }

  function store(events) {
    if (state === ON) {
      local(QUEUE + opts.community, events.length ? JSON.stringify(events.slice(-opts.maxQueue)) : null);
    }
  }

  function enqueue(event) {
    queue.push(event);
    if (queue.length > opts.maxQueue) queue.shift();
    store(stored().concat(event));
    schedule();
  }

  /** Removes events from this page's queue and from the device: taken, or refused for good. */
  function done(batch) {
    const ids = new Set(batch.map((e) => e.event_id));
    queue = queue.filter((e) => !ids.has(e.event_id));
    store(stored().filter((e) => !ids.has(e.event_id)));
  }

  // ---- sending --------------------------------------------------------------------------------

  function schedule() {
    clearTimeout(timer);
    timer = 0;
    if (state !== ON || inflight.size || !queue.length) return;
    const full = queue.length >= limit;
    const wait = Math.max(retryAt - Date.now(), full ? 0 : queue[0].occurred_at + opts.flushInterval - Date.now());
    timer = setTimeout(send, Math.max(0, wait));
  }

  /** Sends the oldest waiting events in one request; resolves when its answer has been handled. */
  function send() {
    queue = queue.filter(fresh);
    if (state !== ON || inflight.size || !queue.length || Date.now() < retryAt) {
      schedule();
      return Promise.resolve();
    }
    clearTimeout(timer);
    timer = 0;
    const batch = queue.slice(0, limit);
    const body = JSON.stringify(batch);
    batch.forEach((e) => inflight.add(e.event_id));
    return fetch(endpoint, {
      method: 'POST',
      credentials: 'omit',
      // Lets the request finish after its page is gone (browsers cap keepalive bodies at 64 KiB).
      keepalive: body.length < 60000,
      headers: { 'Content-Type': 'application/json', 'X-Pulse-Key': opts.key, 'X-Pulse-Sent-At': '' + Date.now() },
      body,
    })
      .then(
        (res) => answered(batch, res.status, res.headers.get('Retry-After')),
        () => answered(batch, 0, null) // network error, or the collector's origin check failed
      )
      .then(() => {
        inflight = new Set();
        schedule();
      });
  }

  function answered(batch, status, retryAfter) {
    if (status === 413 && batch.length > 1) {
      limit = Math.ceil(batch.length / 2); // too big: smaller requests from now on
      return;
    }
    if (status && status < 500 && status !== 408 && status !== 429) {
      // Taken (200, rejected items included: they went to the dead-letter topic), or refused
      // for good (401 key, 403 origin, 400, a lone event over 413): a retry cannot help.
      if (status >= 300) console.warn('pulse: the collector refused ' + batch.length + ' events: HTTP ' + status);
      attempts = 0;
      retryAt = 0;
      local(BACKOFF + opts.community, null);
      done(batch);
      return;
    }
    // Network error, 408, 429, 5xx, 503: back off exponentially (1 s, 2 s, ... 5 min, with
    // jitter), or as long as Retry-After says. Kept on the device, so the next page waits too.
    attempts++;
    let wait = Math.min(300000, 1000 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
    if (retryAfter) {
      const seconds = Number(retryAfter);
      wait = (isNaN(seconds) ? Date.parse(retryAfter) - Date.now() : seconds * 1000) + Math.random() * 1000;
    }
    retryAt = Date.now() + Math.max(0, wait || 0);
    local(BACKOFF + opts.community, retryAt + ',' + attempts);
  }

  /**
   * The page is being hidden, maybe for good: hands the waiting events to sendBeacon, which
   * delivers them after the page is gone. A beacon's answer cannot be read, so events it took are
   * taken as sent. While backing off, events stay on the device for the next page instead.
   */
  function beacon() {
    if (state !== ON || Date.now() < retryAt || !nav.sendBeacon) return;
    const waitingEvents = queue.filter((e) => !inflight.has(e.event_id) && fresh(e));
    const url = endpoint + (endpoint.includes('?') ? '&' : '?') + 'key=' + encodeURIComponent(opts.key);
    while (waitingEvents.length) {
      const batch = waitingEvents.splice(0, limit);
      // A text/plain Blob and the key in the query: a CORS "simple" request, no preflight.
      const blob = new Blob([JSON.stringify(batch)], { type: 'text/plain' });
      if (!nav.sendBeacon(url + '&sent_at=' + Date.now(), blob)) return; // over the browser's quota
      done(batch);
    }
  }

  // ---- events ---------------------------------------------------------------------------------

  /** Builds an event of this device and queues it (in memory only while consent is pending). */
  function emit(type, fields) {
    if (state === OFF) return;
    const now = Date.now();
    if (!(now - visit.t < opts.visitTimeout)) visit = {}; // a new visit: no referral yet
    visit.t = now;
    const event = {
      event_id: uuid(),
      community_id: opts.community,
      occurred_at: now,
      kind: 'click',
      anonymous_id: anonymousId,
      type,
    };
    const properties = {};
    Object.keys(fields).forEach((k) => {
      const v = fields[k];
      if (v == null) return;
      if (FIELDS.includes(k)) event[k] = k === 'conversion_value' ? Number(v) : '' + v;
      else if (k === 'properties') Object.keys(v).forEach((p) => v[p] != null && (properties[p] = '' + v[p]));
      else if (k !== 'member_id') properties[k] = '' + v;
    });
    if (memberId) event.member_id = memberId;
    if (type === 'PAGE_VIEW') {
      try {
        const ref = new URL(event.url, location.href).searchParams.get(opts.shareParam);
        if (ref) visit.r = ref; // landed through a member's share link
      } catch (e) {
        // not a URL: no share parameter
      }
    }
    if (visit.r) event.referred_by = visit.r;
    if (Object.keys(properties).length) event.properties = properties;
    persist();
    enqueue(event);
  }

  /** The URL as far as page views go: the fragment counts only when it routes (#/ or #!). */
  const pageOf = (href) => (/#[/!]/.test(href) ? href : href.split('#')[0]);

  function defaultContentId() {
    const meta = d.querySelector('meta[name="pulse:content-id"]');
    return meta && meta.content;
  }

  function page(fields) {
    const url = location.href;
    emit(
      'PAGE_VIEW',
      Object.assign(
        {
          url,
          referrer: lastUrl || d.referrer || null,
          content_id: (opts.contentId || defaultContentId)(url),
        },
        fields
      )
    );
    lastUrl = url;
  }

  function navigated() {
    if (opts.trackPageViews && pageOf(location.href) !== pageOf(lastUrl || '')) page();
  }

  function linkClicked(e) {
    const link = e.target && e.target.closest && e.target.closest('a[href]');
    if (!link || (e.type === 'auxclick' && e.button !== 1)) return;
    const href = typeof link.href === 'string' ? link.href : link.href.baseVal; // SVG links
    emit('CLICK', { url: location.href, element: 'link', href });
  }

  // ---- commands -------------------------------------------------------------------------------

  const commands = {
    init(options) {
      if (opts) return console.warn('pulse: init called twice; the first settings stay');
      const o = Object.assign({}, DEFAULTS, options);
      try {
        endpoint = o.endpoint || new URL('/v1/events', script.src).href;
      } catch (e) {
        endpoint = '';
      }
      if (!o.community || !o.key || !endpoint) {
        return console.warn('pulse: init needs community, key and (when not loaded from the collector) endpoint');
      }
      opts = o;
      limit = o.batchSize = Math.max(1, Math.min(500, o.batchSize)); // the collector takes 500 at most
      const backoff = (local(BACKOFF + o.community) || '').split(',');
      retryAt = +backoff[0] || 0;
      attempts = +backoff[1] || 0;
      anonymousId = readCookie(ID_COOKIE) || local(ID_COOKIE) || uuid();
      memberId = local(MEMBER);
      visit = readJson(storage('sessionStorage', VISIT), {});
      state = decide();
      queue = state === ON ? stored() : [];

      const h = w.history;
      ['pushState', 'replaceState'].forEach((name) => {
        const original = h[name];
        h[name] = function () {
          const result = original.apply(this, arguments);
          navigated();
          return result;
        };
      });
      w.addEventListener('popstate', navigated);
      if (o.trackLinks) {
        d.addEventListener('click', linkClicked, true);
        d.addEventListener('auxclick', linkClicked, true);
      }
      d.addEventListener('visibilitychange', () => (d.visibilityState === 'hidden' ? beacon() : schedule()));
      w.addEventListener('pagehide', beacon);
      w.addEventListener('pageshow', (e) => {
        if (!e.persisted) return; // restored from the back/forward cache: a page view again
        if (state === ON) queue = stored();
        if (o.trackPageViews) page({ referrer: null });
      });

      if (o.trackPageViews) {
        // A prerendered page counts once the visitor actually sees it.
        if (d.prerendering) d.addEventListener('prerenderingchange', () => page(), { once: true });
        else page();
      }
      early.splice(0).forEach((args) => api.apply(null, args));
      schedule();
    },

    /** A page view, for sites that set trackPageViews: false or want to add fields. */
    page(fields) {
      page(fields);
    },

    /** SEARCH, SIGN_UP, CONVERSION or CLICK; SIGN_UP with member_id binds the device to it. */
    track(type, fields) {
      type = ('' + type).toUpperCase();
      if (!TRACKED.includes(type)) return console.warn('pulse: track takes ' + TRACKED.join(', ') + '; not ' + type);
      fields = Object.assign({ url: location.href }, fields);
      if (type === 'SIGN_UP' && fields.member_id) memberId = '' + fields.member_id;
      emit(type, fields);
    },

    /**
     * The visitor is this member: binds the device, so this and later events carry member_id.
     * Sends SIGN_IN when the device was not bound to this member yet; safe on every page.
     */
    identify(id, fields) {
      if (!id || '' + id === memberId) return;
      memberId = '' + id;
      emit('SIGN_IN', Object.assign({ url: location.href }, fields));
    },

    /** Sign-out: forgets the member and starts a new anonymous id (a shared device). */
    reset() {
      memberId = null;
      anonymousId = uuid();
      persist();
    },

    /** The visitor's consent: true sends (unless DNT/GPC applies), false stops and forgets. */
    consent(granted) {
      local(CONSENT, granted ? '1' : '0');
      if (!granted) {
        forget();
        state = OFF;
        return;
      }
      const was = state;
      state = decide();
      if (state === ON && was !== ON) {
        persist();
        store(stored().concat(queue)); // what waited in memory for consent
        schedule();
      }
    },

    /** Sends the waiting events now (back-off permitting); a Promise of the answer. */
    flush() {
      return send();
    },

    /** url (default: this page) as the share link of memberId (default: the bound member). */
    shareLink(url, id) {
      const link = new URL(url || location.href, location.href);
      const param = (opts || DEFAULTS).shareParam;
      link.searchParams.delete(param);
      if (id || memberId) link.searchParams.set(param, id || memberId);
      return link.href;
    },

    anonymousId: () => anonymousId,
  };

  function decide() {
    const signal = nav.doNotTrack === '1' || w.doNotTrack === '1' || nav.globalPrivacyControl === true;
    const consent = local(CONSENT);
    if ((opts.respectDoNotTrack && signal) || consent === '0') return OFF;
    return opts.requireConsent && consent !== '1' ? PENDING : ON;
  }

  function api(command, ...args) {
    const f = commands[command];
    if (!f) return console.warn('pulse: no command ' + command);
    // Before init, commands wait; shareLink and anonymousId answer at once.
    if (!opts && !/^(init|shareLink|anonymousId)$/.test(command)) return void early.push([command, ...args]);
    return f(...args);
  }
  Object.keys(commands).forEach((name) => (api[name] = (...args) => api(name, ...args)));
  api.version = VERSION;
  w.pulse = api;

  const data = script && script.dataset;
  if (data && data.community) api('init', { community: data.community, key: data.key });
  ((waiting && waiting.q) || []).forEach((args) => api.apply(null, args));
})();
