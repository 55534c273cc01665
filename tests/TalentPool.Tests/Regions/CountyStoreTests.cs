using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using Weasel.Core;

namespace TalentPool.Tests.Regions;

/// <summary>
/// Counties registered before they knew their municipalities (<c>county_registered.v1</c>), stored as the
/// service stored them then, read through today's store: they know no municipalities, so they never give
/// the county rate, until a list is recorded.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CountyStoreTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private string _connectionString = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await fixture.Postgres.CreateDatabaseAsync("county_store");
        _store = TalentPoolStores.For(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Appends a county as the v1 service did: the event under its v1 name, written by the class then called CountyRegistered.</summary>
    private async Task<Guid> RegisterAsV1Async(string name)
    {
        var countyId = Guid.NewGuid();
        await using (var before = DocumentStore.For(options =>
        {
            options.Connection(_connectionString);
            options.DatabaseSchemaName = DatabaseConfiguration.SchemaName;
            options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Events.MapEventType<CountyRegisteredV1>("county_registered.v1");
            // The schema is today's; the old service only writes into it.
            options.AutoCreateSchemaObjects = AutoCreate.None;
        }))
        await using (var session = before.LightweightSession())
        {
            session.Events.StartStream(countyId, new CountyRegisteredV1(countyId, name));
            await session.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"update {DatabaseConfiguration.SchemaName}.mt_events set mt_dotnet_type = 'TalentPool.Regions.CountyRegistered, TalentPool' where stream_id = @id",
            connection);
        command.Parameters.AddWithValue("id", countyId);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        return countyId;
    }

    [Fact]
    public async Task A_county_stored_as_v1_reads_as_a_registration_that_knows_no_country_and_no_municipalities()
    {
        var countyId = await RegisterAsV1Async("Hedmark");

        await using var session = _store.QuerySession();
        var registered = (await session.Events.FetchStreamAsync(countyId)).ShouldHaveSingleItem().Data.ShouldBeOfType<CountyRegistered>();
        var county = (await session.Events.AggregateStreamAsync<County>(countyId)).ShouldNotBeNull();

        registered.ShouldBe(new CountyRegistered(countyId, "Hedmark", null, []), new CountyRegisteredComparer());
        county.Name.ShouldBe("Hedmark");
        county.Country.ShouldBeNull();
        county.KnowsItsMunicipalities.ShouldBeFalse();
        county.MunicipalitiesOn(new DateOnly(2026, 3, 1)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_county_document_stored_before_v2_reads_as_knowing_no_municipalities_and_a_recorded_list_completes_it()
    {
        var countyId = await RegisterAsV1Async("Oppland");
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            // The inline County document of a v1 county held its id and name, nothing more.
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"insert into {DatabaseConfiguration.SchemaName}.mt_doc_county (id, data, mt_version, mt_dotnet_type) " +
                "values (@id, @data::jsonb, 1, 'TalentPool.Regions.County')", connection);
            command.Parameters.AddWithValue("id", countyId);
            command.Parameters.AddWithValue("data", $$"""{"id":"{{countyId}}","name":"Oppland"}""");
            await command.ExecuteNonQueryAsync();
        }
        // The read model came later: deploying it builds it from the events, as `projections rebuild` does.
        await _store.Advanced.RebuildSingleStreamAsync<CountyDetails>(countyId);

        await using (var query = _store.QuerySession())
        {
            var stored = (await query.LoadAsync<County>(countyId)).ShouldNotBeNull();
            stored.KnowsItsMunicipalities.ShouldBeFalse();
            stored.MunicipalitiesOn(new DateOnly(2026, 3, 1)).ShouldBeEmpty();
        }

        await using (var session = _store.LightweightSession())
        {
            var stream = await session.Events.FetchForWriting<County>(countyId);
            stream.AppendOne(new CountyMunicipalitiesRecorded(countyId, "NO", ["3405", "3407"], new DateOnly(2026, 1, 1)));
            await session.SaveChangesAsync();
        }

        await using var read = _store.QuerySession();
        var county = (await read.LoadAsync<County>(countyId)).ShouldNotBeNull();
        county.Country.ShouldBe("NO");
        county.MunicipalitiesOn(new DateOnly(2025, 12, 31)).ShouldBeEmpty();
        county.MunicipalitiesOn(new DateOnly(2026, 1, 1)).ShouldBe(["3405", "3407"]);
        county.Version.ShouldBe(2);
        var details = (await read.LoadAsync<CountyDetails>(countyId)).ShouldNotBeNull();
        details.Municipalities.ShouldHaveSingleItem().Numbers.ShouldBe(["3405", "3407"]);
    }

    /// <summary>Records holding lists compare lists by reference; this compares what they say.</summary>
    private sealed class CountyRegisteredComparer : IEqualityComparer<CountyRegistered>
    {
        public bool Equals(CountyRegistered? x, CountyRegistered? y) => x is not null && y is not null
            && (x.CountyId, x.Name, x.Country) == (y.CountyId, y.Name, y.Country) && x.MunicipalityNumbers.SequenceEqual(y.MunicipalityNumbers);

        public int GetHashCode(CountyRegistered obj) => obj.CountyId.GetHashCode();
    }
}
