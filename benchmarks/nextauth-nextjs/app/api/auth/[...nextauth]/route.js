// next-auth 4.24.15 as a Next.js App Router route handler: the way next-auth v4 is deployed.
// Same configuration as ../../../../../nextauth-reference/server.mjs: JWT sessions, credentials
// provider `credentials`, user `demo` / DEMO_PASSWORD (default `demo-password`).
// Environment: AUTH_SECRET (or NEXTAUTH_SECRET), NEXTAUTH_URL=http://127.0.0.1:<port>.
import NextAuth from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

// next-auth reads its secret per request; resolve it at request time rather than at build time.
export const dynamic = "force-dynamic";

const demoPassword = process.env.DEMO_PASSWORD ?? "demo-password";

/** @type {import("next-auth").AuthOptions} */
const authOptions = {
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

const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
