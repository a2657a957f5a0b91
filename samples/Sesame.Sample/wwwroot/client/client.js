import { createClient } from "/_content/Sesame/sesame.js";

const $ = (id) => document.querySelector(`[data-testid=${id}]`);
const query = new URLSearchParams(window.location.search);

// Polls every 60 s (?poll=N seconds and ?cooldown=N let the browser tests go faster) and re-reads on focus at most
// once per cool-down. The fetch is wrapped only to show how many reads the page made.
let reads = 0;
const sesame = createClient({
  refetchInterval: Number(query.get("poll")) || 60,
  focusCooldown: Number(query.get("cooldown")) || 5,
  fetch: (url, init) => {
    if (String(url).endsWith("/api/auth/session") && (init?.method ?? "GET") === "GET") $("reads").textContent = String(++reads);
    return fetch(url, init);
  },
});
window.sesame = sesame; // for the browser tests and the curious

function render(session, status) {
  $("status").textContent = status;
  $("signed-in").hidden = status !== "authenticated";
  $("sign-in-form").hidden = status !== "unauthenticated";
  $("user-name").textContent = session?.user?.name ?? "";
  $("user-email").textContent = session?.user?.email ?? "";
  $("admin-panel").hidden = session?.user?.role !== "admin";
}

sesame.onChange(render);
sesame.addEventListener("error", () => ($("offline").hidden = false));
sesame.addEventListener("sync", () => ($("offline").hidden = true));

$("sign-in-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.currentTarget);
  const result = await sesame.signIn("credentials", {
    redirect: false,
    username: form.get("username"),
    password: form.get("password"),
  });
  $("error").hidden = result.ok;
  $("error").textContent = result.ok ? "" : `Sign-in failed: ${result.error}`;
});

$("update-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await sesame.update({ name: new FormData(event.currentTarget).get("name") });
});

$("sign-out").addEventListener("click", () => sesame.signOut({ redirect: false }));

sesame.getCsrfToken().then((token) => ($("csrf").textContent = token ? token.slice(0, 12) + "…" : "none"));
sesame.getProviders().then((providers) => ($("providers").textContent = providers ? Object.keys(providers).join(", ") : "none"));
await sesame.start();
render(sesame.session ?? null, sesame.status);
