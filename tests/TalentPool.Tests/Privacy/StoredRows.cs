using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Privacy;

/// <summary>What the database holds, looked at directly: where a value is stored, and whether a document rebuilds as it is live.</summary>
public static class StoredRows
{
    /// <summary>Every table of the service's schema with a row whose text holds the value.</summary>
    public static async Task<List<string>> MentioningAsync(TalentPoolFixture fixture, string value)
    {
        var connectionString = fixture.Host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'talentpool' and table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        tables.ShouldContain("mt_events");

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select count(*) from talentpool.\"{table}\" t where t::text ilike '%' || @value || '%'", connection);
            search.Parameters.AddWithValue("value", value);
            if ((long)(await search.ExecuteScalarAsync())! > 0) found.Add(table);
        }
        return found;
    }

    /// <summary>The document as it is live, and as a rebuild of its stream (over the masked events) writes it.</summary>
    public static async Task ShouldRebuildAsLiveAsync<T>(TalentPoolFixture fixture, Guid id) where T : class
    {
        // The stream version a rebuild stamps is bookkeeping, not content.
        static string Json(T? document)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(document));
            node?.AsObject().Remove("Version");
            return node?.ToJsonString() ?? "null";
        }
        await using var before = fixture.RegionSession();
        var live = Json(await before.LoadAsync<T>(id));
        // In the stream's region (regions are tenants).
        await fixture.Store.Advanced.RebuildSingleStreamAsync<T>(id, before.TenantId);
        await using var after = fixture.RegionSession();
        var rebuilt = Json(await after.LoadAsync<T>(id));
        rebuilt.ShouldNotBe("null");
        rebuilt.ShouldBe(live);
    }
}
