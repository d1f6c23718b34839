-- Inbound 0018: uploaded files' bytes in the database, for deployments whose processes share
-- nothing but the database (INBOUND_FILE_STORAGE=database; the embedded default keeps them on disk).
CREATE TABLE "StoredFile" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "bytes" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "storedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
