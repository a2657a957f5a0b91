#!/usr/bin/env node
// Writes the Cookie headers of N distinct signed-in browsers, one a line, for run.sh's SESSIONS=N mode
// (a wrk Lua script, rotate.lua, sends each request the next line).
//
//   node sessions.mjs mint   COUNT JAR OUT            JWT targets: N tokens minted offline with next-auth's own encode
//   node sessions.mjs signin COUNT JAR OUT BASE_URL   database target: N real sign-ins through the credentials callback
//
// JAR is the curl cookie jar of run.sh's scripted sign-in on that target. Environment: AUTH_SECRET (the run's secret,
// required), COOKIE_MODE (browser: session + CSRF + callback-url cookies, as the jar has them; session: the session
// cookie alone), CONCURRENCY (signin: parallel sign-ins, default 4).
//
// mint: the jar's session token is decoded with next-auth's decode and used as the template, so every token has the
// claims the target's own sign-in gives (the sample's id/role/department included); user i gets its own sub, id, name and
// email, and next-auth's encode gives it a fresh iat, exp and jti. The sample's session read does not re-check the user
// (Access.ValidateUser runs only for sensitive actions), so these users are accepted as they would be after a sign-in.
// signin: POST /callback/credentials COUNT times with the jar's CSRF pair, alternating the sample's users demo and
// admin (the only two it accepts), collecting each answer's session cookie: COUNT distinct rows in the session table.
// In both modes every line gets a CSRF cookie of its own (next-auth's createCSRFToken with the run's secret), as each
// browser has its own; the callback-url cookie is the jar's.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// next-auth comes from the next-auth reference's install (run.sh npm ci's it)
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "nextauth-reference", "package.json"));
const { encode, decode } = require("next-auth/jwt");
const { createCSRFToken } = require(path.join(path.dirname(require.resolve("next-auth")), "core", "lib", "csrf-token.js"));

const [mode, countText, jarPath, outPath, baseUrl] = process.argv.slice(2);
const count = Number.parseInt(countText ?? "", 10);
if (!["mint", "signin"].includes(mode) || !Number.isInteger(count) || count < 1 || !jarPath || !outPath || (mode === "signin" && !baseUrl)) {
  console.error("usage: node sessions.mjs mint COUNT JAR OUT | signin COUNT JAR OUT BASE_URL");
  process.exit(2);
}
const secret = process.env.AUTH_SECRET;
if (!secret) {
  console.error("sessions.mjs: AUTH_SECRET is not set");
  process.exit(2);
}
const browser = (process.env.COOKIE_MODE ?? "browser") === "browser";
const concurrency = Math.max(1, Number.parseInt(process.env.CONCURRENCY ?? "4", 10) || 4);

// curl's Netscape cookie-jar format: domain, subdomains, path, secure, expiry, name, value (HttpOnly cookies prefixed)
const jar = [];
for (let line of readFileSync(jarPath, "utf8").split("\n")) {
  line = line.replace(/^#HttpOnly_/, "");
  const fields = line.split("\t");
  if (line.startsWith("#") || fields.length < 7) continue;
  jar.push({ name: fields[5], value: fields[6] });
}
const find = (suffix) => jar.find((c) => c.name.endsWith(suffix));
const session = find(".session-token");
const csrf = find(".csrf-token");
const callbackUrl = find(".callback-url");
if (!session) fail(`no session cookie in ${jarPath}`);

function fail(message) {
  console.error(`sessions.mjs: ${message}`);
  process.exit(1);
}

// next-auth sets the CSRF cookie `token|sha256(token + secret)`, percent-encoded by its cookie serialiser
function csrfCookie() {
  return `${csrf.name}=${encodeURIComponent(createCSRFToken({ options: { secret } }).cookie)}`;
}

function header(sessionValue) {
  const parts = [`${session.name}=${sessionValue}`];
  if (browser) {
    if (csrf) parts.push(csrfCookie());
    if (callbackUrl) parts.push(`${callbackUrl.name}=${callbackUrl.value}`);
  }
  return parts.join("; ");
}

const lines = [];
if (mode === "mint") {
  const template = await decode({ token: session.value, secret });
  if (!template) fail("the jar's session token does not decode with AUTH_SECRET");
  // encode sets iat, exp and jti itself
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = template;
  for (let i = 0; i < count; i++) {
    // ids from 1000 up, clear of the sample's own users, and names about as long as theirs (the same request sizes)
    const id = String(1000 + i);
    const token = { ...claims, sub: id, name: `User ${i}`, email: `u${i}@example.com` };
    if ("id" in claims) token.id = id;
    lines.push(header(await encode({ token, secret })));
  }
} else {
  if (!csrf) fail(`no CSRF cookie in ${jarPath}`);
  const csrfToken = decodeURIComponent(csrf.value).split("|")[0];
  const users = ["demo", "admin"];
  const tokens = new Array(count);
  let next = 0;
  const signIn = async (i) => {
    const body = new URLSearchParams({ username: users[i % users.length], password: process.env.DEMO_PASSWORD ?? "demo-password", csrfToken, json: "true" });
    const response = await fetch(`${baseUrl}/callback/credentials`, {
      method: "POST",
      headers: { cookie: `${csrf.name}=${csrf.value}`, "content-type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    const set = response.headers.getSetCookie().find((c) => c.startsWith(`${session.name}=`));
    if (response.status !== 200 || !set) fail(`sign-in ${i} answered ${response.status} without a session cookie`);
    tokens[i] = set.slice(session.name.length + 1).split(";")[0];
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await signIn(next++);
  }));
  if (new Set(tokens).size !== count) fail("the sign-ins did not give distinct session tokens");
  for (const token of tokens) lines.push(header(token));
}
writeFileSync(outPath, lines.join("\n") + "\n");
// a line for the log: how many, and the first header's size (the request size wrk sends)
console.log(`${count} distinct sessions (${mode}), Cookie header ${lines[0].length} characters: ${outPath}`);
