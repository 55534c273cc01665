using Marten;
using Marten.Schema;

namespace TalentPool.Hosting;

/// <summary>
/// Document tables the service no longer writes, dropped at start in every database of the store. They held personal data
/// (a talent's own profile) or copies of other documents: left behind, an erasure would no longer reach them. Marten's
/// migrations only ever add, so the service removes them itself.
/// </summary>
/// <remarks>
/// <c>mt_doc_talent_profile_view</c> and <c>mt_doc_hiredetails</c>: the talent's profile and a hire's details are read from
/// the <c>Talent</c> and <c>Hire</c> snapshots, which hold the same data (README "The write path").
/// </remarks>
public sealed class RetiredTables : IInitialData
{
    public static readonly IReadOnlyList<string> Names = ["mt_doc_talent_profile_view", "mt_doc_hiredetails"];

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        var schema = store.Options.DatabaseSchemaName;
        foreach (var database in await store.Storage.AllDatabases())
        {
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(cancellation);
            await using var command = connection.CreateCommand();
            command.CommandText = string.Concat(Names.Select(name => $"drop table if exists {schema}.{name};"));
            await command.ExecuteNonQueryAsync(cancellation);
        }
    }
}
