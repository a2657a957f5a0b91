/** @type {import("next").NextConfig} */
const nextConfig = {
  // The app is only an API route; nothing here needs a source map, an ESLint pass or a powered-by header.
  eslint: { ignoreDuringBuilds: true },
  poweredByHeader: false,
};

export default nextConfig;
