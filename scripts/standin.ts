// `npm run standin`: the Admin API stand-in alone, with the seeded demo store.
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, startStandin } from "../tests/standin";

const standin = await startStandin({ port: Number(process.env.SHOPIFY_STANDIN_PORT ?? 3457) });
console.log(`Admin API stand-in: ${standin.graphqlUrl}`);
console.log(`Demo shop ${DEMO_SHOP_DOMAIN}, access token ${DEMO_ACCESS_TOKEN}`);
const stop = () => void standin.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
