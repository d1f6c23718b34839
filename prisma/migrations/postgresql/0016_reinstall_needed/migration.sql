-- Inbound 0016: expiring offline tokens. A shop whose refresh token Shopify refused is marked
-- "reinstall needed" (app/services/shopify/offline-token.server.ts) until a new token arrives.
ALTER TABLE "Shop" ADD COLUMN "reinstallNeededAt" TIMESTAMP(3),
ADD COLUMN "reinstallNeededReason" TEXT;
