using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MqApi.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bindings",
                columns: table => new
                {
                    vhost = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    destination = table.Column<string>(type: "TEXT", nullable: false),
                    destination_is_queue = table.Column<bool>(type: "INTEGER", nullable: false),
                    routing_key = table.Column<string>(type: "TEXT", nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bindings", x => new { x.vhost, x.source, x.destination, x.destination_is_queue, x.routing_key, x.arguments });
                });

            migrationBuilder.CreateTable(
                name: "exchanges",
                columns: table => new
                {
                    vhost = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", nullable: false),
                    auto_delete = table.Column<bool>(type: "INTEGER", nullable: false),
                    @internal = table.Column<bool>(name: "internal", type: "INTEGER", nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchanges", x => new { x.vhost, x.name });
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    vhost = table.Column<string>(type: "TEXT", nullable: false),
                    queue = table.Column<string>(type: "TEXT", nullable: false),
                    exchange = table.Column<string>(type: "TEXT", nullable: false),
                    routing_key = table.Column<string>(type: "TEXT", nullable: false),
                    properties = table.Column<string>(type: "TEXT", nullable: false),
                    body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    delivery_count = table.Column<int>(type: "INTEGER", nullable: false),
                    expires_at_unix_ms = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "permissions",
                columns: table => new
                {
                    user = table.Column<string>(type: "TEXT", nullable: false),
                    vhost = table.Column<string>(type: "TEXT", nullable: false),
                    configure = table.Column<string>(type: "TEXT", nullable: false),
                    write = table.Column<string>(type: "TEXT", nullable: false),
                    read = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_permissions", x => new { x.user, x.vhost });
                });

            migrationBuilder.CreateTable(
                name: "queues",
                columns: table => new
                {
                    vhost = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    auto_delete = table.Column<bool>(type: "INTEGER", nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queues", x => new { x.vhost, x.name });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    hashing_algorithm = table.Column<string>(type: "TEXT", nullable: false),
                    tags = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "vhosts",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    tags = table.Column<string>(type: "TEXT", nullable: false),
                    default_queue_type = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vhosts", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bindings_vhost_destination_destination_is_queue",
                table: "bindings",
                columns: new[] { "vhost", "destination", "destination_is_queue" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_vhost_queue_id",
                table: "messages",
                columns: new[] { "vhost", "queue", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_permissions_vhost",
                table: "permissions",
                column: "vhost");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bindings");

            migrationBuilder.DropTable(
                name: "exchanges");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "permissions");

            migrationBuilder.DropTable(
                name: "queues");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "vhosts");
        }
    }
}
