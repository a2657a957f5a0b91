#!/usr/bin/env node
// Encodes or decodes a session token with the real libraries, for Sesame's interop tests.
//   node jwt.mjs encode|decode v4|v5   < {"claims"|"token": …, "secret": string | string[], "salt"?: string, "maxAge"?: number}
// writes {"token": "…"} (encode) or {"claims": {…} | null, "error"?: "…"} (decode) on stdout.
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const [action, version] = process.argv.slice(2)
if (!["encode", "decode"].includes(action) || !["v4", "v5"].includes(version)) {
  console.error("usage: node jwt.mjs encode|decode v4|v5 < input.json")
  process.exit(2)
}

let text = ""
for await (const chunk of process.stdin) text += chunk
const input = JSON.parse(text)

const lib = version === "v4" ? require("next-auth/jwt") : await import("@auth/core/jwt")
const params = { secret: input.secret }
if (input.salt !== undefined) params.salt = input.salt // v4: omitted means "" (the session token's salt)
if (version === "v5" && params.salt === undefined) params.salt = "authjs.session-token"

let output
if (action === "encode") {
  output = { token: await lib.encode({ ...params, token: input.claims ?? {}, maxAge: input.maxAge }) }
} else {
  try {
    output = { claims: (await lib.decode({ ...params, token: input.token })) ?? null }
  } catch (error) {
    output = { claims: null, error: String(error?.message ?? error) }
  }
}
process.stdout.write(JSON.stringify(output))
