import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { SessionProvider } from "next-auth/react";
import App from "./App.jsx";
import "./app.css";

// The provider polls /api/auth/session every 60 s and on focus; ?poll=N (seconds) lets the browser tests poll faster.
const poll = Number(new URLSearchParams(window.location.search).get("poll")) || 60;

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <SessionProvider refetchInterval={poll} refetchOnWindowFocus={true}>
      <App />
    </SessionProvider>
  </StrictMode>,
);
