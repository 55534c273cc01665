using Marten;
using TalentPool.Hosting;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>The talent's events and read model on real PostgreSQL, through Marten, in a database of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TalentStoreTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("talent_store");
        _store = TalentPoolStores.For(connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<TalentRegistered> RegisterAsync(RegisterTalent command)
    {
        var registered = TalentDecisions.Register(command, Guid.NewGuid(), Now);
        await using var session = _store.LightweightSession();
        session.Events.StartStream<Talent>(registered.TalentId, registered);
        await session.SaveChangesAsync();
        return registered;
    }

    [Fact]
    public async Task A_registration_is_one_event_and_the_talent_reads_back_at_version_1()
    {
        var registered = await RegisterAsync(TalentRequests.Registration());

        await using var session = _store.QuerySession();
        var events = await session.Events.FetchStreamAsync(registered.TalentId);
        events.ShouldHaveSingleItem().Data.ShouldBeOfType<TalentRegistered>();
        var talent = (await session.LoadAsync<Talent>(registered.TalentId)).ShouldNotBeNull();
        talent.Version.ShouldBe(1);
        talent.Personal.ShouldBe(registered.Personal);
        talent.Consents.IsGiven(ConsentScope.Partners).ShouldBeTrue();
    }

    [Fact]
    public async Task The_stored_talent_equals_the_talent_rebuilt_from_its_events()
    {
        var registered = await RegisterAsync(TalentRequests.Registration());
        await using (var session = _store.LightweightSession())
        {
            // As the endpoints do: fetch for writing, so the inline talent knows the stream version.
            var stream = await session.Events.FetchForWriting<Talent>(registered.TalentId);
            stream.AppendMany(
                new TalentConsentGiven(registered.TalentId, ConsentScope.Municipalities, Now.AddDays(1)),
                new TalentConsentWithdrawn(registered.TalentId, ConsentScope.Partners, Now.AddDays(2)));
            await session.SaveChangesAsync();
        }

        string before;
        await using (var query = _store.QuerySession())
        {
            before = Serialize((await query.LoadAsync<Talent>(registered.TalentId)).ShouldNotBeNull());
        }
        await using (var session = _store.LightweightSession())
        {
            session.Delete<Talent>(registered.TalentId);
            await session.SaveChangesAsync();
        }

        await _store.Advanced.RebuildSingleStreamAsync<Talent>(registered.TalentId);

        await using var after = _store.QuerySession();
        var rebuilt = (await after.LoadAsync<Talent>(registered.TalentId)).ShouldNotBeNull();
        Serialize(rebuilt).ShouldBe(before);
        rebuilt.Version.ShouldBe(3);
        rebuilt.Consents.ShouldBe(new TalentConsents(null, Now.AddDays(1)));
    }

    [Fact]
    public async Task A_second_talent_with_the_same_email_in_other_case_is_refused_and_appends_nothing()
    {
        var email = TalentRequests.UniqueEmail();
        await RegisterAsync(TalentRequests.Registration(email));

        var refused = await Should.ThrowAsync<Exception>(() => RegisterAsync(TalentRequests.Registration(email.ToUpperInvariant())));

        ConflictExceptionHandler.ConflictDetail(refused).ShouldBe("A talent with this e-mail address is already registered.");
        (await CountRegistrationsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_leave_exactly_one_talent()
    {
        var email = TalentRequests.UniqueEmail();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await RegisterAsync(TalentRequests.Registration(email)); return true; }
            catch (Exception e) when (ConflictExceptionHandler.ConflictDetail(e) is not null) { return false; }
        }));

        attempts.Count(succeeded => succeeded).ShouldBe(1);
        (await CountRegistrationsAsync()).ShouldBe(1);
        await using var query = _store.QuerySession();
        (await query.Query<Talent>().CountAsync()).ShouldBe(1);
    }

    private async Task<long> CountRegistrationsAsync()
    {
        await using var query = _store.QuerySession();
        return await query.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "talent_registered.v1").CountAsync();
    }

    private string Serialize(Talent talent) => _store.Options.Serializer().ToJson(talent);
}
