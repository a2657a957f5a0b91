// Types for @sesame (sesame.js): the browser client of Sesame's next-auth-compatible /api/auth endpoints.

/** The session JSON of GET /api/auth/session: next-auth's shape plus what the app's session callback adds. */
export interface Session {
  user?: {
    id?: string;
    name?: string | null;
    email?: string | null;
    image?: string | null;
    [field: string]: unknown;
  };
  /** ISO 8601; slides on every read of a JWT session, so it is not part of a change. */
  expires: string;
  [field: string]: unknown;
}

export type SessionStatus = "loading" | "authenticated" | "unauthenticated";

export interface ClientProvider {
  id: string;
  name: string;
  type: "credentials" | "email" | "oauth" | "oidc" | string;
  signinUrl: string;
  callbackUrl: string;
}

export interface SesameClientOptions {
  /** Where Sesame is mapped. Default "/api/auth". */
  basePath?: string;
  /** Seconds between polls of /api/auth/session once started; 0 (the default) does not poll. */
  refetchInterval?: number;
  /** Re-read the session when the window gets focus or becomes visible. Default true. */
  refetchOnWindowFocus?: boolean;
  /** Seconds a read stays fresh for focus events and next-auth tabs' announcements. Default 5. */
  focusCooldown?: number;
  /** Upper bound, in seconds, of the back-off between retries of a failed read. Default 30. */
  maxRetryDelay?: number;
  /** The fetch to use (tests, instrumentation). Default globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface SignInOptions {
  /** Where to go after signing in. Default the current page. */
  callbackUrl?: string;
  /** false: answer a SignInResult instead of navigating (credentials and email only). Default true. */
  redirect?: boolean;
  /** The provider's fields, e.g. username and password for credentials. */
  [field: string]: unknown;
}

export interface SignInResult {
  ok: boolean;
  /** next-auth's client-safe error code (e.g. "CredentialsSignin"), or null. */
  error: string | null;
  status: number;
  url: string | null;
}

export interface SignOutOptions {
  callbackUrl?: string;
  redirect?: boolean;
}

export interface SessionChangeDetail {
  session: Session | null;
  status: Exclude<SessionStatus, "loading">;
}

export interface SesameClientEventMap {
  /** The session changed (signed in, out, or its data); not raised for a read that changed only `expires`. */
  session: CustomEvent<SessionChangeDetail>;
  /** A read of /api/auth/session answered (changed or not): the session shown is current again. */
  sync: CustomEvent<Session | null>;
  /** A read failed; the last session is kept and the read is retried with back-off. */
  error: CustomEvent<unknown>;
}

export declare class SesameClient extends EventTarget {
  constructor(options?: SesameClientOptions);
  /** Object when signed in, null when signed out, undefined before the first read. */
  readonly session: Session | null | undefined;
  readonly status: SessionStatus;
  refetchOnWindowFocus: boolean;
  /** Starts polling, focus refetch and cross-tab sync (BroadcastChannel and next-auth's "nextauth.message"), and reads once. */
  start(): Promise<Session | null>;
  stop(): void;
  getSession(): Promise<Session | null>;
  getCsrfToken(): Promise<string | null>;
  getProviders(): Promise<Record<string, ClientProvider> | null>;
  signIn(provider?: string, options?: SignInOptions & { redirect: false }, authorizationParams?: Record<string, string>): Promise<SignInResult>;
  signIn(provider?: string, options?: SignInOptions, authorizationParams?: Record<string, string>): Promise<SignInResult | undefined>;
  signOut(options: SignOutOptions & { redirect: false }): Promise<{ url: string }>;
  signOut(options?: SignOutOptions): Promise<{ url: string } | undefined>;
  update(data?: unknown): Promise<Session | null>;
  onChange(listener: (session: Session | null, status: Exclude<SessionStatus, "loading">) => void): () => void;
  addEventListener<K extends keyof SesameClientEventMap>(type: K, listener: (event: SesameClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SesameClientEventMap>(type: K, listener: (event: SesameClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** The page's shared client (created on first use, not started). */
export declare function client(): SesameClient;
export declare function createClient(options?: SesameClientOptions): SesameClient;
export declare function getSession(): Promise<Session | null>;
export declare function getCsrfToken(): Promise<string | null>;
export declare function getProviders(): Promise<Record<string, ClientProvider> | null>;
export declare function signIn(provider?: string, options?: SignInOptions, authorizationParams?: Record<string, string>): Promise<SignInResult | undefined>;
export declare function signOut(options?: SignOutOptions): Promise<{ url: string } | undefined>;
export declare function update(data?: unknown): Promise<Session | null>;
