using Npgsql;

namespace TalentPool.Hosting;

/// <summary>Creating a database on a PostgreSQL server: for the embedded cluster, the tests and the benchmark.</summary>
public static class PostgresDatabases
{
    /// <summary>Creates the database unless it exists; returns the connection string to it.</summary>
    public static async Task<string> EnsureAsync(string serverConnectionString, string database, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellation);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellation) is null)
        {
            // Identifiers cannot be parameters; the names are ours, never user input, and are quoted anyway.
            await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellation);
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
    }
}
