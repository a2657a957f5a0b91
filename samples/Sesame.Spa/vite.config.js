import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served by the Sesame sample under /spa/, on the same origin as /api/auth, so next-auth/react's default base path
// (/api/auth) is right. next-auth/react reads these variables to build server-side URLs only; in a browser bundle they
// are undefined. `npm run dev` proxies /api to the sample on :3000.
export default defineConfig({
  base: "/spa/",
  plugins: [react()],
  define: {
    "process.env.NEXTAUTH_URL": "undefined",
    "process.env.NEXTAUTH_URL_INTERNAL": "undefined",
    "process.env.VERCEL_URL": "undefined",
  },
  server: { proxy: { "/api": "http://localhost:3000" } },
  build: { outDir: "dist", emptyOutDir: true },
});
