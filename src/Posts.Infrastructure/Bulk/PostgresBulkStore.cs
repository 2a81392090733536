using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Posts.Application.Common.Abstractions;
using Posts.Application.Db;
using Posts.Infrastructure.Persistence;

namespace Posts.Infrastructure.Bulk;

/// <summary>
/// Binary <c>COPY</c> on the DbContext's connection, inside the transaction the handler began. Skipping existing rows
/// goes through a temporary table and <c>INSERT … ON CONFLICT DO NOTHING</c>; otherwise rows go straight in.
/// </summary>
internal sealed class PostgresBulkStore(PostsDbContext db) : IBulkStore
{
    private static readonly Table<UserRow> Users = new("users", "id, username, display_name, password_hash, is_admin, is_disabled, created_at", u => u.Id,
        async (w, u, ct) =>
        {
            await w.WriteAsync(u.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(u.Username, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.DisplayName, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.PasswordHash ?? Domain.User.NoPasswordHash, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.IsAdmin, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(u.IsDisabled, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(u.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
        });

    private static readonly Table<PostRow> Posts = new("posts", "id, author_id, title, body, created_at, updated_at, version", p => p.Id,
        async (w, p, ct) =>
        {
            await w.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(p.AuthorId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(p.Title, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(p.Body, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(p.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(p.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(p.Version, NpgsqlDbType.Integer, ct);
        });

    private static readonly Table<CommentRow> Comments = new("comments", "id, post_id, author_id, body, created_at, updated_at", c => c.Id,
        async (w, c, ct) =>
        {
            await w.WriteAsync(c.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.PostId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.AuthorId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(c.Body, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(c.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(c.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
        });

    public async Task<long[]> NextIdsAsync(BulkTable table, int count, CancellationToken ct)
    {
        if (count == 0) return [];
        await using var command = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('{Name(table)}', 'id')) FROM generate_series(1, $1)", Connection());
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
        return ids;
    }

    public async Task<BulkCounts> WriteAsync(BulkRows rows, bool skipExisting, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Bulk writes run in the caller's transaction.");
        var connection = Connection();
        return new BulkCounts(
            await Users.WriteAsync(connection, rows.Users, skipExisting, ct),
            await Posts.WriteAsync(connection, rows.Posts, skipExisting, ct),
            await Comments.WriteAsync(connection, rows.Comments, skipExisting, ct));
    }

    private NpgsqlConnection Connection() => (NpgsqlConnection)db.Database.GetDbConnection();

    private static string Name(BulkTable table) => table switch
    {
        BulkTable.Users => Users.Name,
        BulkTable.Posts => Posts.Name,
        _ => Comments.Name,
    };

    private sealed record Table<T>(string Name, string Columns, Func<T, long> Id, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> WriteRow)
    {
        public async Task<int> WriteAsync(NpgsqlConnection connection, IReadOnlyList<T> rows, bool skipExisting, CancellationToken ct)
        {
            if (rows.Count == 0) return 0;
            var target = Name;
            if (skipExisting)
            {
                target = $"bulk_{Name}";
                // Move the identity past the ids about to be written first, so that no concurrent insert takes one of them.
                await ExecuteAsync(connection, $"""
                    CREATE TEMP TABLE IF NOT EXISTS {target} (LIKE {Name}) ON COMMIT DROP;
                    SELECT setval(s.seq, @id) FROM (SELECT pg_get_serial_sequence('{Name}', 'id') AS seq) s
                    WHERE @id > coalesce((SELECT last_value FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = s.seq), 0)
                    """, rows.Max(Id), ct);
            }

            await using (var importer = await connection.BeginBinaryImportAsync($"COPY {target} ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(ct);
                    await WriteRow(importer, row, ct);
                }

                await importer.CompleteAsync(ct);
            }

            if (!skipExisting) return rows.Count;
            return await ExecuteAsync(connection,
                $"INSERT INTO {Name} ({Columns}) OVERRIDING SYSTEM VALUE SELECT {Columns} FROM {target} ON CONFLICT DO NOTHING", null, ct);
        }

        private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, long? parameter, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            if (parameter is { } value) command.Parameters.Add(new NpgsqlParameter<long>("id", value));
            return await command.ExecuteNonQueryAsync(ct);
        }
    }
}
