import { useEffect, useState } from "react";
import { getCsrfToken, getProviders, signIn, signOut, useSession } from "next-auth/react";

// The SPA has two views, chosen by path: /spa/ (public) and /spa/protected (useSession({ required: true })).
export default function App() {
  const protectedView = window.location.pathname.replace(/\/+$/, "").endsWith("/protected");
  return (
    <main>
      <h1>Sesame SPA <small>next-auth/react</small></h1>
      <nav>
        <a href="/spa/">Home</a> · <a href="/spa/protected">Protected</a> · <a href="/client/">Plain-HTML client</a>
      </nav>
      {protectedView ? <Protected /> : <Home />}
    </main>
  );
}

function Home() {
  const { data: session, status, update } = useSession();
  return (
    <>
      <p>
        Status: <strong data-testid="status">{status}</strong>
      </p>
      {status === "authenticated" && <SignedIn session={session} update={update} />}
      {status === "unauthenticated" && <SignInForm />}
      <Diagnostics />
    </>
  );
}

function SignedIn({ session, update }) {
  const [name, setName] = useState("");
  const isAdmin = session.user?.role === "admin";
  return (
    <section>
      <p>
        Signed in as <strong data-testid="user-name">{session.user?.name}</strong> (
        <span data-testid="user-email">{session.user?.email}</span>)
      </p>
      {isAdmin && <p data-testid="admin-panel" className="admin">Admin panel: you have the admin role.</p>}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          // POST /api/auth/session { csrfToken, data }: the sample's jwt callback (trigger "update") renames the user
          await update({ name });
        }}
      >
        <label>
          Display name <input data-testid="new-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>{" "}
        <button type="submit" data-testid="update">Update</button>
      </form>
      <p>
        <button data-testid="sign-out" onClick={() => signOut({ callbackUrl: "/spa/" })}>Sign out</button>
      </p>
    </section>
  );
}

function SignInForm() {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      data-testid="sign-in-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const credentials = { username: form.get("username"), password: form.get("password") };
        if (e.nativeEvent.submitter?.dataset.testid === "sign-in-redirect") {
          // the default, redirect: true: a full-page navigation to callbackUrl (or to the error page)
          await signIn("credentials", { ...credentials, callbackUrl: "/spa/?signed-in=redirect" });
          return;
        }
        setBusy(true);
        // redirect: false answers { ok, error, url } instead of navigating, so the form can show the error
        const result = await signIn("credentials", { ...credentials, redirect: false });
        setBusy(false);
        setError(result?.error ?? null);
      }}
    >
      <label>
        Username <input name="username" data-testid="username" autoComplete="username" />
      </label>{" "}
      <label>
        Password <input name="password" type="password" data-testid="password" autoComplete="current-password" />
      </label>{" "}
      <button type="submit" data-testid="sign-in" disabled={busy}>Sign in</button>{" "}
      <button type="submit" data-testid="sign-in-redirect" disabled={busy}>Sign in with a redirect</button>
      {error && <p role="alert" data-testid="error" className="error">Sign-in failed: {error}</p>}
    </form>
  );
}

function Protected() {
  // required: true — an anonymous visitor goes to the sign-in page and comes back here afterwards
  const { data: session, status } = useSession({
    required: true,
    onUnauthenticated() {
      window.location.href = "/api/auth/signin?callbackUrl=" + encodeURIComponent(window.location.href);
    },
  });
  if (status === "loading") {
    return <p data-testid="status">loading</p>;
  }
  return (
    <p data-testid="protected">
      Protected content for <strong data-testid="user-name">{session.user?.name}</strong>.
    </p>
  );
}

function Diagnostics() {
  const [csrf, setCsrf] = useState(null);
  const [providers, setProviders] = useState(null);
  useEffect(() => {
    getCsrfToken().then((token) => setCsrf(token ?? null));
    getProviders().then((list) => setProviders(list ?? null));
  }, []);
  return (
    <details>
      <summary>Wire details</summary>
      <p>
        CSRF token: <code data-testid="csrf">{csrf ? csrf.slice(0, 12) + "…" : "none"}</code>
      </p>
      <p>
        Providers: <code data-testid="providers">{providers ? Object.keys(providers).join(", ") : "none"}</code>
      </p>
    </details>
  );
}
