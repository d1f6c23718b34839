-- Inbound 0018: uploaded files' bytes in the database, for deployments whose processes share
-- nothing but the database (INBOUND_FILE_STORAGE=database; the embedded default keeps them on disk).
CREATE TABLE "StoredFile" (
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "storedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("key")
);
