// next-auth v4 reference server for Sesame's side-by-side load test.
//
// Hosts next-auth's own core request handler (the one its Next.js adapter calls) on a plain Node
// `http` server, so the load test measures next-auth itself without a Next.js build around it.
// Routes: everything under /api/auth/{action}[/{providerId}]; anything else is 404.
//
//   AUTH_SECRET=... node server.mjs [port]      (port also from PORT; default 3100)
//
// Environment: AUTH_SECRET (or NEXTAUTH_SECRET) is required. NEXTAUTH_URL defaults to
// http://127.0.0.1:<port> (next-auth reads it on every request to build its URLs and cookie names).
// Sign-in: credentials provider `credentials`, username `demo`, password DEMO_PASSWORD (default
// `demo-password`); sessions use the JWT strategy (no adapter).
// SAMPLE_CONTRACT=1 turns it into the app Sesame's sample mirrors (issue 2's contract): users `demo` and `admin` (role
// `admin`), the seed's jwt/session callbacks that copy `id` and `role` into the token and the session, and next-auth's
// documented update example (a session update with a `name` renames the user), as the sample does.
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// `next-auth/core` is not in next-auth's package `exports` map, so load it by file path from the
// installed package root; the public `next-auth/providers/*` entry points resolve normally.
const nextAuthRoot = path.dirname(require.resolve("next-auth"));
const { AuthHandler } = require(path.join(nextAuthRoot, "core", "index.js"));
const Credentials = require("next-auth/providers/credentials").default;

const port = Number.parseInt(process.argv[2] ?? process.env.PORT ?? "3100", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`invalid port: ${process.argv[2] ?? process.env.PORT}`);
  process.exit(2);
}
const host = process.env.HOST ?? "127.0.0.1";

const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
if (!secret) {
  console.error("AUTH_SECRET is not set: next-auth needs a secret to sign CSRF cookies and encrypt JWTs");
  process.exit(2);
}
process.env.NEXTAUTH_URL ??= `http://127.0.0.1:${port}`;

const basePath = new URL(process.env.NEXTAUTH_URL).pathname.replace(/\/$/, "") || "/api/auth";
const demoPassword = process.env.DEMO_PASSWORD ?? "demo-password";
const sampleContract = process.env.SAMPLE_CONTRACT === "1";
// OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: also a generic OpenID Connect provider `oidc` ("OpenID Connect", as
// Sesame's sample contract names it): discovery from the issuer, scope `openid email profile`, PKCE + state + nonce, the
// ID token's claims as the profile (name, email, picture), client_secret_basic (next-auth's default)
const oidcIssuer = process.env.OIDC_ISSUER;
// SIGNIN_CALLBACK=1: users `denied`, `mfa` and `elsewhere` sign in too, and a signIn callback refuses the first, sends
// the second to /auth/verify-mfa (the seed's MFA step) and the third to https://other.example/x; a redirect callback
// also lets callback URLs on https://partner.example through (next-auth's default rule otherwise); user `big` has a
// 5,000-character name, so that its session cookie is chunked
const signInCallback = process.env.SIGNIN_CALLBACK === "1";
const signInUsers = new Set(["denied", "mfa", "elsewhere"]);
// CUSTOM_PAGES=1: next-auth's `pages` option pointing every page at the app's own (the differential tests' third set-up)
const customPages = process.env.CUSTOM_PAGES === "1"
  ? { signIn: "/login", signOut: "/bye", error: "/oops", verifyRequest: "/check", newUser: "/welcome" }
  : undefined;
const maxBodyBytes = 1 << 20;

/** @type {import("next-auth").AuthOptions} */
const authOptions = {
  secret,
  session: { strategy: "jwt" },
  // only when set: an explicit `pages: undefined` replaces next-auth's default `{}` and its built-in pages then fail
  ...(customPages ? { pages: customPages } : {}),
  providers: [
    Credentials({
      id: "credentials",
      // the sample keeps next-auth's default name
      name: sampleContract ? "Credentials" : "Demo",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        if (credentials?.password !== demoPassword) return null;
        if (credentials?.username === "demo") {
          return { id: "1", name: "Demo User", email: "demo@example.com", image: null };
        }
        if (sampleContract && credentials?.username === "admin") {
          return { id: "2", name: "Admin User", email: "admin@example.com", image: null, role: "admin" };
        }
        if (signInCallback && credentials?.username === "big") {
          // a 5,000-character name: the session token no longer fits one cookie and is chunked
          return { id: "big", name: "B".repeat(5000), email: "big@example.com", image: null };
        }
        if (signInCallback && signInUsers.has(credentials?.username)) {
          return { id: credentials.username, name: credentials.username, email: `${credentials.username}@example.com`, image: null };
        }
        return null;
      },
    }),
    ...(oidcIssuer
      ? [
          {
            id: "oidc",
            name: "OpenID Connect",
            type: "oauth",
            wellKnown: `${oidcIssuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
            authorization: { params: { scope: "openid email profile" } },
            idToken: true,
            checks: ["pkce", "state", "nonce"],
            clientId: process.env.OIDC_CLIENT_ID,
            clientSecret: process.env.OIDC_CLIENT_SECRET,
            profile(profile) {
              return { id: profile.sub, name: profile.name, email: profile.email, image: profile.picture };
            },
          },
        ]
      : []),
  ],
  callbacks: signInCallback
    ? {
        async signIn({ user }) {
          if (user.id === "denied") return false;
          if (user.id === "mfa") return "/auth/verify-mfa";
          if (user.id === "elsewhere") return "https://other.example/x";
          return true;
        },
        async redirect({ url, baseUrl }) {
          if (url.startsWith("https://partner.example/")) return url;
          if (url.startsWith("/")) return `${baseUrl}${url}`;
          if (new URL(url).origin === baseUrl) return url;
          return baseUrl;
        },
      }
    : sampleContract
    ? {
        async jwt({ token, user, trigger, session }) {
          if (user) {
            token.id = user.id;
            token.role = user.role;
          }
          // next-auth's documented update example, which the sample follows: update({ name }) renames
          if (trigger === "update" && typeof session?.name === "string") {
            token.name = session.name;
          }
          return token;
        },
        async session({ session, token }) {
          if (session.user) {
            session.user.id = token.id;
            session.user.role = token.role;
          }
          return session;
        },
      }
    : undefined,
};

// Cookie header → map: percent-decode only values that contain `%` (keep the raw value if that
// fails), strip surrounding double quotes, and let the first occurrence of a name win.
function parseCookies(header) {
  const cookies = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || Object.hasOwn(cookies, name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes("%")) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep the raw value, as browsers' servers conventionally do
      }
    }
    cookies[name] = value;
  }
  return cookies;
}

const sameSiteNames = { lax: "Lax", strict: "Strict", none: "None" };

// next-auth cookie {name, value, options} → one Set-Cookie header value (value encoded with
// encodeURIComponent, as next-auth's own adapters do).
function serializeCookie({ name, value, options = {} }) {
  let out = `${name}=${encodeURIComponent(value ?? "")}`;
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.domain) out += `; Domain=${options.domain}`;
  if (options.path) out += `; Path=${options.path}`;
  if (options.expires) out += `; Expires=${new Date(options.expires).toUTCString()}`;
  if (options.httpOnly) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  if (options.sameSite) {
    const sameSite = options.sameSite === true ? "Strict" : sameSiteNames[String(options.sameSite).toLowerCase()];
    if (sameSite) out += `; SameSite=${sameSite}`;
  }
  return out;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// Form and JSON bodies become plain objects (the browser client posts forms for sign-in and
// sign-out and JSON for session updates); other content types give no body.
async function parseBody(req) {
  if (req.method !== "POST") return undefined;
  const text = await readBody(req);
  const contentType = (req.headers["content-type"] ?? "").toLowerCase();
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (contentType.includes("application/json")) {
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text);
    } catch {
      throw Object.assign(new Error("Invalid JSON"), { status: 400 });
    }
  }
  return undefined;
}

function sendPlain(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://internal");
  const prefix = `${basePath}/`;
  if (!url.pathname.startsWith(prefix)) {
    sendPlain(res, 404, "Not found");
    return;
  }
  const segments = url.pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(url.searchParams);
  const body = await parseBody(req);

  const result = await AuthHandler({
    req: {
      body,
      query,
      headers: req.headers,
      method: req.method,
      cookies: parseCookies(req.headers.cookie),
      action: segments[0],
      providerId: segments[1],
      error: query.error ?? segments[1],
    },
    options: authOptions,
  });

  let status = result.status ?? 200;
  const headers = {};
  for (const { key, value } of result.headers ?? []) headers[key] = value;
  if (result.cookies?.length) headers["Set-Cookie"] = result.cookies.map(serializeCookie);

  let payload = result.body;
  if (result.redirect) {
    if (body?.json === "true") {
      // JSON mode: the redirect target comes back as {url}, with the handler's status (or 200).
      payload = { url: result.redirect };
    } else {
      status = 302;
      headers.Location = result.redirect;
      payload = undefined;
    }
  }

  let bytes;
  if (payload === undefined || payload === null) {
    bytes = Buffer.alloc(0);
  } else if (typeof payload === "string") {
    // as Next.js's res.send: a string goes out as is, with the Content-Type next-auth gave (its pages say text/html;
    // its error texts, such as the 400 for an unsupported action, have none)
    bytes = Buffer.from(payload, "utf8");
  } else {
    headers["Content-Type"] ??= "application/json; charset=utf-8";
    bytes = Buffer.from(JSON.stringify(payload), "utf8");
  }
  headers["Content-Length"] = bytes.length;
  res.writeHead(status, headers);
  res.end(bytes);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    const status = err?.status ?? 500;
    if (status === 500) console.error("request failed:", err);
    if (!res.headersSent) sendPlain(res, status, status === 500 ? "Internal Server Error" : err.message);
    else res.destroy();
  });
});

server.listen(port, host, () => {
  console.log(`next-auth reference listening on http://${host}:${port}${basePath} (NEXTAUTH_URL=${process.env.NEXTAUTH_URL})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
