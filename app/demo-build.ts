/**
 * A server built for the demo (`scripts/demo.ts --build`): `remix vite:build --mode demo`, into
 * a directory of its own. The build's mode is written into the server bundle when it is built
 * (Vite replaces `import.meta.env.MODE` with a constant), so no environment variable can make a
 * server built by `npm run build` believe it was built for the demo. Outside Vite (tsx scripts)
 * there is no build mode: never the demo's.
 */
export const DEMO_BUILD = { mode: "demo", directory: "build-demo" } as const;

/** Whether the running server is the demo's production build (app/env-schema.server.ts decides with it). */
export const builtForDemo: boolean = import.meta.env?.MODE === DEMO_BUILD.mode;
