CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "bindings" (
    "vhost" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "destination_is_queue" INTEGER NOT NULL,
    "routing_key" TEXT NOT NULL,
    "arguments" TEXT NOT NULL,
    CONSTRAINT "PK_bindings" PRIMARY KEY ("vhost", "source", "destination", "destination_is_queue", "routing_key", "arguments")
);

CREATE TABLE "exchanges" (
    "vhost" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "auto_delete" INTEGER NOT NULL,
    "internal" INTEGER NOT NULL,
    "arguments" TEXT NOT NULL,
    CONSTRAINT "PK_exchanges" PRIMARY KEY ("vhost", "name")
);

CREATE TABLE "messages" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_messages" PRIMARY KEY,
    "vhost" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "exchange" TEXT NOT NULL,
    "routing_key" TEXT NOT NULL,
    "properties" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "delivery_count" INTEGER NOT NULL,
    "expires_at_unix_ms" INTEGER NULL
);

CREATE TABLE "permissions" (
    "user" TEXT NOT NULL,
    "vhost" TEXT NOT NULL,
    "configure" TEXT NOT NULL,
    "write" TEXT NOT NULL,
    "read" TEXT NOT NULL,
    CONSTRAINT "PK_permissions" PRIMARY KEY ("user", "vhost")
);

CREATE TABLE "queues" (
    "vhost" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "auto_delete" INTEGER NOT NULL,
    "arguments" TEXT NOT NULL,
    CONSTRAINT "PK_queues" PRIMARY KEY ("vhost", "name")
);

CREATE TABLE "users" (
    "name" TEXT NOT NULL CONSTRAINT "PK_users" PRIMARY KEY,
    "password_hash" TEXT NOT NULL,
    "hashing_algorithm" TEXT NOT NULL,
    "tags" TEXT NOT NULL
);

CREATE TABLE "vhosts" (
    "name" TEXT NOT NULL CONSTRAINT "PK_vhosts" PRIMARY KEY,
    "description" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "default_queue_type" TEXT NOT NULL
);

CREATE INDEX "IX_bindings_vhost_destination_destination_is_queue" ON "bindings" ("vhost", "destination", "destination_is_queue");

CREATE INDEX "IX_messages_vhost_queue_id" ON "messages" ("vhost", "queue", "id");

CREATE INDEX "IX_permissions_vhost" ON "permissions" ("vhost");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125115826_InitialSchema', '10.0.15');

COMMIT;

