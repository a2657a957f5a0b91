// @sesame: the browser client for Sesame's /api/auth endpoints (next-auth v4's wire contract). A dependency-free ES
// module, served by the Sesame package as a static web asset at /_content/Sesame/sesame.js; types in sesame.d.ts.

const STORAGE_KEY = "nextauth.message"; // next-auth/react's cross-tab channel (a localStorage "storage" event)
const CHANNEL_NAME = "sesame.session";

/** Two sessions are the same when everything but `expires` is (every read of a JWT session slides `expires`). */
function sameSession(a, b) {
  if (a === b) return true;
  if (!a || !b) return false;
  const { expires: _a, ...restA } = a;
  const { expires: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

function statusOf(session) {
  return session && typeof session === "object" && session.user ? "authenticated" : "unauthenticated";
}

/**
 * One tab's view of the Sesame session. It reads /api/auth/session when asked, on an interval, when the window gets
 * focus (at most once per cool-down) and when another tab signs in or out, and it raises a "session" event only when
 * the session changes. A failed read (offline, server down) keeps the last session and retries with back-off, so a
 * flaky network never shows the user as signed out.
 */
export class SesameClient extends EventTarget {
  #basePath;
  #interval;
  #cooldown;
  #retryMax;
  #fetch;
  #session = undefined; // undefined: not read yet ("loading")
  #lastRead = -Infinity; // performance.now() of the last read that answered
  #inflight = null;
  #pollTimer = 0;
  #retryTimer = 0;
  #retryDelay = 0;
  #channel = null;
  #started = false;
  #listeners = [];

  constructor(options = {}) {
    super();
    this.#basePath = (options.basePath ?? "/api/auth").replace(/\/+$/, "");
    this.#interval = Math.max(0, options.refetchInterval ?? 0) * 1000;
    this.#cooldown = Math.max(0, options.focusCooldown ?? 5) * 1000;
    this.#retryMax = Math.max(1, options.maxRetryDelay ?? 30) * 1000;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.refetchOnWindowFocus = options.refetchOnWindowFocus ?? true;
  }

  /** The last session read: an object when signed in, null when signed out, undefined before the first read. */
  get session() {
    return this.#session;
  }

  /** "loading" before the first read, then "authenticated" or "unauthenticated". */
  get status() {
    return this.#session === undefined ? "loading" : statusOf(this.#session);
  }

  /** Starts polling, focus refetch and cross-tab sync, and reads the session once. Idempotent. */
  start() {
    if (this.#started) return this.getSession();
    this.#started = true;
    const on = (target, type, handler) => {
      target.addEventListener(type, handler);
      this.#listeners.push(() => target.removeEventListener(type, handler));
    };

    const onFocus = () => {
      if (this.refetchOnWindowFocus && document.visibilityState !== "hidden") this.#refresh("focus");
    };
    on(window, "focus", onFocus);
    on(document, "visibilitychange", onFocus);
    on(window, "online", () => this.#refresh("online", true));
    on(window, "storage", (event) => {
      if (event.key !== STORAGE_KEY || !event.newValue) return;
      let message;
      try {
        message = JSON.parse(event.newValue);
      } catch {
        return;
      }
      if (message?.event !== "session") return;
      // next-auth tabs announce every read ("getSession"); only a sign-in or sign-out must skip the cool-down
      const trigger = message.data?.trigger;
      this.#refresh("storage", trigger === "signout" || trigger === "signin" || trigger === "update");
    });
    if (typeof BroadcastChannel === "function") {
      this.#channel = new BroadcastChannel(CHANNEL_NAME);
      this.#channel.onmessage = (event) => {
        const data = event.data;
        if (data?.event !== "session") return;
        if ("session" in data) {
          // the sender read the session already: take it, no request
          this.#set(data.session);
          this.#schedulePoll();
        } else {
          this.#refresh("broadcast", true);
        }
      };
    }
    return this.getSession();
  }

  /** Stops timers and listeners (the session stays readable). */
  stop() {
    this.#started = false;
    clearTimeout(this.#pollTimer);
    clearTimeout(this.#retryTimer);
    for (const remove of this.#listeners.splice(0)) remove();
    this.#channel?.close();
    this.#channel = null;
  }

  /** Reads /api/auth/session now (concurrent calls share one request). Resolves to the session or null. */
  getSession() {
    return this.#read();
  }

  /** The CSRF token (GET /api/auth/csrf), or null when the server cannot be reached. */
  async getCsrfToken() {
    const body = await this.#json("/csrf");
    return body?.csrfToken ?? null;
  }

  /** The configured providers (GET /api/auth/providers), or null when the server cannot be reached. */
  getProviders() {
    return this.#json("/providers");
  }

  /**
   * Signs in. Credentials and email post to the server; OAuth providers navigate. Without a provider (or an unknown
   * one) the browser goes to the sign-in page. With `redirect: false` the promise answers `{ ok, error, status, url }`.
   */
  async signIn(provider, options = {}, authorizationParams = {}) {
    const { callbackUrl = window.location.href, redirect = true, ...fields } = options;
    const providers = await this.getProviders();
    if (!providers) {
      return { ok: false, error: "FetchError", status: 0, url: null };
    }
    if (!provider || !(provider in providers)) {
      window.location.href = `${this.#basePath}/signin?${new URLSearchParams({ callbackUrl })}`;
      return undefined;
    }

    const type = providers[provider].type;
    const path = type === "credentials" ? `/callback/${provider}` : `/signin/${provider}`;
    const query = new URLSearchParams(authorizationParams).toString();
    const csrfToken = await this.getCsrfToken();
    const response = await this.#fetch(`${this.#basePath}${path}${query ? "?" + query : ""}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, csrfToken: csrfToken ?? "", callbackUrl, json: "true" }),
    });
    const body = await response.json().catch(() => ({}));
    const url = body.url ?? null;
    if (redirect || type === "oauth" || type === "oidc") {
      navigate(url ?? callbackUrl);
      return undefined;
    }

    const error = url ? new URL(url, window.location.href).searchParams.get("error") : "FetchError";
    if (response.ok && !error) {
      await this.#read(true);
      this.#announce("signin");
    }
    return { ok: response.ok && !error, error, status: response.status, url: error ? null : url };
  }

  /** Signs out (POST /api/auth/signout), tells the other tabs, then navigates unless `redirect: false`. */
  async signOut(options = {}) {
    const { callbackUrl = window.location.href, redirect = true } = options;
    const csrfToken = await this.getCsrfToken();
    const response = await this.#fetch(`${this.#basePath}/signout`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrfToken ?? "", callbackUrl, json: "true" }),
    });
    const body = await response.json().catch(() => ({}));
    this.#set(null);
    this.#announce("signout");
    if (redirect) {
      navigate(body.url ?? callbackUrl);
      return undefined;
    }
    return { url: body.url ?? callbackUrl };
  }

  /**
   * Sends `data` to the server's session callbacks (POST /api/auth/session, the jwt callback's trigger "update") and
   * takes the session it answers; without data it re-reads the session. Resolves to the session, or null on failure.
   */
  async update(data) {
    if (data === undefined) {
      return this.#read(true);
    }
    const csrfToken = await this.getCsrfToken();
    try {
      const response = await this.#fetch(`${this.#basePath}/session`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ csrfToken, data }),
      });
      if (!response.ok) return null;
      const session = emptyToNull(await response.json());
      this.#lastRead = performance.now();
      this.#set(session);
      this.#announce("update");
      this.#schedulePoll();
      return session;
    } catch {
      return null;
    }
  }

  /** Calls `listener(session, status)` on every change; answers a function that removes it. */
  onChange(listener) {
    const handler = (event) => listener(event.detail.session, event.detail.status);
    this.addEventListener("session", handler);
    return () => this.removeEventListener("session", handler);
  }

  // A read that polling, focus or another tab asked for: skipped while the last answer is younger than the cool-down.
  #refresh(reason, force = false) {
    if (!force && performance.now() - this.#lastRead < this.#cooldown) return;
    this.#read(true).catch(() => {});
  }

  #read(fresh = true) {
    if (this.#inflight) return this.#inflight;
    if (!fresh && this.#session !== undefined) return Promise.resolve(this.#session);
    this.#inflight = (async () => {
      try {
        const response = await this.#fetch(`${this.#basePath}/session`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`GET /session answered ${response.status}`);
        const session = emptyToNull(await response.json());
        this.#lastRead = performance.now();
        this.#retryDelay = 0;
        clearTimeout(this.#retryTimer);
        this.#set(session);
        this.dispatchEvent(new CustomEvent("sync", { detail: session }));
        return session;
      } catch (error) {
        // offline or the server is down: keep what we had (no sign-out flash) and try again later
        this.#scheduleRetry();
        this.dispatchEvent(new CustomEvent("error", { detail: error }));
        return this.#session ?? null;
      } finally {
        this.#inflight = null;
        this.#schedulePoll();
      }
    })();
    return this.#inflight;
  }

  #set(session) {
    const previous = this.#session;
    this.#session = session;
    if (previous === undefined || !sameSession(previous, session)) {
      this.dispatchEvent(new CustomEvent("session", { detail: { session, status: statusOf(session) } }));
    }
  }

  // Tell the other tabs: ours through BroadcastChannel (with the session, so they need no request), next-auth's
  // through localStorage (they refetch on any message).
  #announce(trigger) {
    this.#channel?.postMessage({ event: "session", trigger, session: this.#session ?? null });
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ event: "session", data: { trigger }, timestamp: Math.floor(Date.now() / 1000) }));
    } catch {
      // storage may be disabled (private mode, sandboxed frame): BroadcastChannel still works
    }
  }

  // The next poll is one interval after the last read, so focus reads and polls never stack up.
  #schedulePoll() {
    clearTimeout(this.#pollTimer);
    if (!this.#started || this.#interval <= 0) return;
    this.#pollTimer = setTimeout(() => {
      if (navigator.onLine === false) {
        this.#schedulePoll();
      } else {
        this.#refresh("poll", true);
      }
    }, this.#interval);
  }

  #scheduleRetry() {
    if (!this.#started || this.#retryTimer) return;
    this.#retryDelay = Math.min(this.#retryMax, this.#retryDelay ? this.#retryDelay * 2 : 1000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = 0;
      this.#refresh("retry", true);
    }, this.#retryDelay);
  }

  async #json(path) {
    try {
      const response = await this.#fetch(`${this.#basePath}${path}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }
}

// The session endpoint answers {} without a session.
function emptyToNull(body) {
  return body && typeof body === "object" && Object.keys(body).length > 0 ? body : null;
}

function navigate(url) {
  window.location.href = url;
  // a URL that differs only by its hash does not reload the page
  if (url.includes("#")) window.location.reload();
}

let defaultClient = null;

/** The page's shared client (created, not started, on first use); `createClient` makes others. */
export function client() {
  return (defaultClient ??= new SesameClient());
}

/** Creates a client with its own options; call `start()` on it to poll, refetch on focus and follow other tabs. */
export function createClient(options) {
  return new SesameClient(options);
}

export const getSession = () => client().getSession();
export const getCsrfToken = () => client().getCsrfToken();
export const getProviders = () => client().getProviders();
export const signIn = (provider, options, authorizationParams) => client().signIn(provider, options, authorizationParams);
export const signOut = (options) => client().signOut(options);
export const update = (data) => client().update(data);
