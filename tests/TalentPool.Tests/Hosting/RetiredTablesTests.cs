using Marten;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// The talent's profile and a hire's details are read from the Talent and Hire snapshots: the tables that held them as
/// documents of their own (a database written before) are dropped when the service starts, so no erasure misses them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RetiredTablesTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task A_document_table_the_service_no_longer_writes_is_dropped_with_what_it_held_and_starting_again_is_harmless()
    {
        var schema = fixture.Store.Options.DatabaseSchemaName;
        await using (var connection = fixture.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = string.Concat(RetiredTables.Names.Select(name =>
                $"create table if not exists {schema}.{name} (id uuid primary key, data jsonb); insert into {schema}.{name} values (gen_random_uuid(), '{{\"fullName\":\"Left Behind\"}}');"));
            await create.ExecuteNonQueryAsync();
        }

        await new RetiredTables().Populate(fixture.Store, CancellationToken.None);
        await new RetiredTables().Populate(fixture.Store, CancellationToken.None);

        await using var check = fixture.Store.Storage.Database.CreateConnection();
        await check.OpenAsync();
        foreach (var name in RetiredTables.Names)
        {
            await using var exists = check.CreateCommand();
            exists.CommandText = $"select to_regclass('{schema}.{name}') is not null";
            ((bool)(await exists.ExecuteScalarAsync())!).ShouldBeFalse(name);
        }
    }
}
