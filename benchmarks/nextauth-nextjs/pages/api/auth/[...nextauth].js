// next-auth 4.24.15 as a Next.js Pages Router API route (pages/api/auth/[...nextauth].js): next-auth v4's canonical
// deployment, and the one whose throughput (~2.5k req/s here) matches the performance issue's "about 3,300 req/s".
// (An App Router route handler measured ~950 req/s on the same machine: slower still.)
// Same configuration as ../../../../nextauth-reference/server.mjs: JWT sessions, credentials provider `credentials`,
// user `demo` / DEMO_PASSWORD (default `demo-password`).
// Environment: AUTH_SECRET (or NEXTAUTH_SECRET), NEXTAUTH_URL=http://127.0.0.1:<port>.
import NextAuth from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

const demoPassword = process.env.DEMO_PASSWORD ?? "demo-password";

/** @type {import("next-auth").AuthOptions} */
export const authOptions = {
  secret: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Demo",
      credentials: {
        username: { label: "Username", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        if (credentials?.username === "demo" && credentials?.password === demoPassword) {
          return { id: "1", name: "Demo User", email: "demo@example.com", image: null };
        }
        return null;
      },
    }),
  ],
};

export default NextAuth(authOptions);
