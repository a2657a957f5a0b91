// A real OpenID Connect provider (oidc-provider 8.x) for Sesame's OAuth end-to-end tests.
//
//   node server.mjs <port>          listens on http://127.0.0.1:<port>, which is also its issuer
//
// Clients register themselves (RFC 7591 dynamic registration, POST /reg), because each test app learns its own
// callback URL only when it has started: `token_endpoint_auth_method` client_secret_basic or client_secret_post,
// grant types authorization_code + refresh_token. PKCE (S256) is required of every client; the code comes back in the
// query (the default response mode of `code`), with RFC 9207's `iss`.
//
// Users (the login form takes a username, no password): alice (email verified), bob (email not verified), carol (no
// picture). Their claims: sub, name, email, email_verified, picture; the ID token carries them too (next-auth v4 reads
// its profile from the ID token only).
//
// A refresh token is issued to every client allowed the refresh_token grant (not only for `offline_access`, which
// oidc-provider honours only with prompt=consent; next-auth and Sesame do not send that prompt) and rotates on every use.
//
// Test hooks (not OIDC):
//   GET  /__test/stats                   {"tokenRequests":n,"refreshRequests":n,"codeRequests":n}
//   POST /__test/reset                   counters to 0, token endpoint back to normal, the first signing key back
//   POST /__test/keys?mode=M             signing keys: rotate (a new key signs, the old one stays published) |
//                                         replace (a new key signs, the old one is removed) | unpublished (a new key
//                                         signs but the JWKS keeps only the keys published before it); answers the
//                                         signing kid and the published kids
//   POST /__test/token?mode=M[&delayMs=D] token endpoint behaviour: normal | slow (answers after D ms, default 10000) |
//                                         down (drops the connection) | unavailable (503) | refuse-refresh (refresh
//                                         grants answer 400 invalid_grant, as a provider does for a revoked token)
// Every refresh grant also logs a line "refresh_token grant <n>" on stdout. Ready when it logs
// "oidc-provider listening on <issuer>".
import http from "node:http";
import crypto from "node:crypto";
import querystring from "node:querystring";
import Provider from "oidc-provider";
// oidc-provider reads its keys once, at construction; its own keystore set-up (a file of the package, imported by path
// so that it is the module instance the provider uses) swaps them at run time for the key rotation tests
import initializeKeystore from "./node_modules/oidc-provider/lib/helpers/initialize_keystore.js";
import instance from "./node_modules/oidc-provider/lib/helpers/weak_cache.js";

const port = Number.parseInt(process.argv[2] ?? process.env.PORT ?? "", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`usage: node server.mjs <port> (got ${process.argv[2]})`);
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const users = {
  alice: { sub: "alice-sub", name: "Alice Liddell", email: "alice@example.com", email_verified: true, picture: "https://img.example/alice.png" },
  bob: { sub: "bob-sub", name: "Bob Builder", email: "bob@example.com", email_verified: false, picture: "https://img.example/bob.png" },
  carol: { sub: "carol-sub", name: "Carol Danvers", email: "carol@example.com", email_verified: true },
};
const usersBySub = Object.fromEntries(Object.values(users).map((u) => [u.sub, u]));

// A fresh signing key per run: nothing secret is committed, and the relying party must fetch the JWKS.
function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: crypto.randomUUID(), use: "sig", alg: "RS256" };
}
const signingKey = newSigningKey();
let publishedKeys = [signingKey];

const accessTokenTtl = Number.parseInt(process.env.ACCESS_TOKEN_TTL ?? "3600", 10);

const provider = new Provider(issuer, {
  clients: [],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "picture"] },
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    revocation: { enabled: true },
  },
  clientDefaults: {
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "RS256",
  },
  pkce: { methods: ["S256"], required: () => true },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed("refresh_token"),
  rotateRefreshToken: () => true,
  ttl: { AccessToken: accessTokenTtl, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = usersBySub[sub];
    if (!user) return undefined;
    return { accountId: sub, claims: async () => ({ ...user }) };
  },
  async renderError(ctx, out) {
    ctx.type = "text/plain; charset=utf-8";
    ctx.body = `${out.error}: ${out.error_description ?? ""}`;
  },
});

// the first key signs (oidc-provider signs with the first key that fits the algorithm)
function setKeys(keys, published) {
  initializeKeystore.call(provider, { keys });
  const jwks = instance(provider).jwksResponse;
  const kids = new Set(published.map((k) => k.kid));
  instance(provider).jwksResponse = { keys: jwks.keys.filter((k) => kids.has(k.kid)) };
  publishedKeys = published;
  return { signingKid: keys[0].kid, publishedKids: published.map((k) => k.kid) };
}

const stats = { tokenRequests: 0, refreshRequests: 0, codeRequests: 0 };
let tokenMode = { mode: "normal", delayMs: 10000 };

function sendText(res, status, text, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res, status, value) {
  sendText(res, status, JSON.stringify(value), "application/json; charset=utf-8");
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The login step: a form taking a username (what a cookie-aware HTTP client can post without a browser). Consent is
// given without asking, for whatever the client requested.
async function interaction(req, res, uid, url) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    sendText(res, 400, "interaction mismatch");
    return;
  }

  if (details.prompt.name === "login") {
    if (req.method === "GET") {
      const page = `<!DOCTYPE html><html><body><form method="post" action="/interaction/${escapeHtml(uid)}">`
        + `<label>Username <input name="login" autofocus></label><button type="submit">Sign in</button></form></body></html>`;
      sendText(res, 200, page, "text/html; charset=utf-8");
      return;
    }
    const form = querystring.parse(await readBody(req));
    const user = users[String(form.login ?? "")];
    if (!user) {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "unknown user" }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name === "consent") {
    const { prompt, params, session, grantId } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }

  sendText(res, 400, `unsupported prompt ${details.prompt.name}`);
}

async function token(req, res) {
  // read the body here (to count grants and refuse refreshes); oidc-provider then uses the parsed req.body
  const text = await readBody(req);
  const form = querystring.parse(text);
  req.body = text;
  stats.tokenRequests += 1;
  if (form.grant_type === "refresh_token") {
    stats.refreshRequests += 1;
    console.log(`refresh_token grant ${stats.refreshRequests}`);
  } else if (form.grant_type === "authorization_code") {
    stats.codeRequests += 1;
  }

  switch (tokenMode.mode) {
    case "down":
      req.socket.destroy();
      return;
    case "unavailable":
      sendText(res, 503, "Service Unavailable");
      return;
    case "slow":
      await new Promise((resolve) => setTimeout(resolve, tokenMode.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
      break;
    case "refuse-refresh":
      if (form.grant_type === "refresh_token") {
        sendJson(res, 400, { error: "invalid_grant", error_description: "grant request is invalid" });
        return;
      }
      break;
    default:
      break;
  }

  await providerCallback(req, res);
}

const providerCallback = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url ?? "/", issuer);

  if (url.pathname === "/__test/stats" && req.method === "GET") {
    sendJson(res, 200, stats);
    return;
  }
  if (url.pathname === "/__test/reset" && req.method === "POST") {
    stats.tokenRequests = stats.refreshRequests = stats.codeRequests = 0;
    tokenMode = { mode: "normal", delayMs: 10000 };
    setKeys([signingKey], [signingKey]);
    sendJson(res, 200, { ok: true });
    return;
  }
  if (url.pathname === "/__test/token" && req.method === "POST") {
    const mode = url.searchParams.get("mode") ?? "normal";
    if (!["normal", "slow", "down", "unavailable", "refuse-refresh"].includes(mode)) {
      sendText(res, 400, `unknown mode ${mode}`);
      return;
    }
    tokenMode = { mode, delayMs: Number.parseInt(url.searchParams.get("delayMs") ?? "10000", 10) };
    sendJson(res, 200, tokenMode);
    return;
  }

  if (url.pathname === "/__test/keys" && req.method === "POST") {
    const mode = url.searchParams.get("mode");
    const key = newSigningKey();
    switch (mode) {
      case "rotate":
        sendJson(res, 200, setKeys([key, ...publishedKeys], [key, ...publishedKeys]));
        return;
      case "replace":
        sendJson(res, 200, setKeys([key], [key]));
        return;
      case "unpublished":
        sendJson(res, 200, setKeys([key, ...publishedKeys], publishedKeys));
        return;
      default:
        sendText(res, 400, `unknown mode ${mode}`);
        return;
    }
  }

  const interactionPath = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (interactionPath) {
    await interaction(req, res, interactionPath[1], url);
    return;
  }

  if (url.pathname === "/token" && req.method === "POST") {
    await token(req, res);
    return;
  }

  await providerCallback(req, res);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error("request failed:", err);
    if (!res.headersSent) sendText(res, 500, "Internal Server Error");
    else res.destroy();
  });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
