-- Inbound 0023: a text index of what a line is called (product title, variant title, SKU), so a
-- search for part of it reads the index, not every line (issue 17; app/services/line-text.server.ts).
-- PostgreSQL: trigram indexes (pg_trgm, a trusted extension a database owner may create) over the
-- lower-cased columns, which LOWER(column) LIKE '%…%' uses.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "PurchaseOrderLine_productTitle_trgm_idx" ON "PurchaseOrderLine" USING gin (LOWER("productTitle") gin_trgm_ops);
CREATE INDEX "PurchaseOrderLine_variantTitle_trgm_idx" ON "PurchaseOrderLine" USING gin (LOWER("variantTitle") gin_trgm_ops);
CREATE INDEX "PurchaseOrderLine_sku_trgm_idx" ON "PurchaseOrderLine" USING gin (LOWER("sku") gin_trgm_ops);
