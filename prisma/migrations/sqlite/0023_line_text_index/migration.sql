-- Inbound 0023: a text index of what a line is called (product title, variant title, SKU), so a
-- search for part of it reads the index, not every line (issue 17; app/services/line-text.server.ts).
-- SQLite: an FTS5 table of trigrams over the lines (external content: it holds only the index),
-- kept in step by triggers. A later migration that rebuilds PurchaseOrderLine (Prisma's copy, drop
-- and rename gives new rowids, and the drop takes the triggers with it) must create the triggers
-- again and rebuild this index: INSERT INTO "PurchaseOrderLineText"("PurchaseOrderLineText") VALUES ('rebuild').
CREATE VIRTUAL TABLE "PurchaseOrderLineText" USING fts5(
  "productTitle", "variantTitle", "sku",
  content = 'PurchaseOrderLine', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO "PurchaseOrderLineText"("PurchaseOrderLineText") VALUES ('rebuild');
CREATE TRIGGER "PurchaseOrderLineText_insert" AFTER INSERT ON "PurchaseOrderLine" BEGIN
  INSERT INTO "PurchaseOrderLineText"(rowid, "productTitle", "variantTitle", "sku") VALUES (new.rowid, new."productTitle", new."variantTitle", new."sku");
END;
CREATE TRIGGER "PurchaseOrderLineText_delete" AFTER DELETE ON "PurchaseOrderLine" BEGIN
  INSERT INTO "PurchaseOrderLineText"("PurchaseOrderLineText", rowid, "productTitle", "variantTitle", "sku")
    VALUES ('delete', old.rowid, old."productTitle", old."variantTitle", old."sku");
END;
CREATE TRIGGER "PurchaseOrderLineText_update" AFTER UPDATE OF "productTitle", "variantTitle", "sku" ON "PurchaseOrderLine" BEGIN
  INSERT INTO "PurchaseOrderLineText"("PurchaseOrderLineText", rowid, "productTitle", "variantTitle", "sku")
    VALUES ('delete', old.rowid, old."productTitle", old."variantTitle", old."sku");
  INSERT INTO "PurchaseOrderLineText"(rowid, "productTitle", "variantTitle", "sku") VALUES (new.rowid, new."productTitle", new."variantTitle", new."sku");
END;
