using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Regions.Tenancy;

/// <summary>
/// Idempotency keys in a region on a database of its own: hires and keyed registrations claim their key in that database, in
/// the write's transaction, exactly as a region of the shared database does in Wolverine's — a retry gets the first response and
/// records nothing, racing copies are all answered with one write, the key with another request is a 422.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionDatabaseIdempotencyTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly StartsOn = new(2026, 2, 2);

    private sealed record Answer(HttpStatusCode Status, string Body, Uri? Location);

    private static async Task<Answer> SendAsync(ClockedTalentPool pool, string url, object body, string key, string? token, Guid region)
    {
        using var client = pool.Host.Server.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add(RegionTenancy.HeaderName, region.ToString());
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    private static async Task<long> ClaimsAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var schema = (string?)await source.CreateCommand(
            "select table_schema from information_schema.tables where table_name = 'wolverine_deduplicated_responses'").ExecuteScalarAsync();
        schema.ShouldNotBeNull("Wolverine's store in this database has a claims table");
        return (long)(await source.CreateCommand($"select count(*) from \"{schema}\".wolverine_deduplicated_responses").ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Hires_and_keyed_registrations_of_a_region_on_its_own_database_are_answered_once_per_key_even_racing()
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync("idem_regiondb_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("idem_regiondb_own");
        RegionWithMembers far;
        await using (var before = await ClockedTalentPool.StartAsync(fixture, Start, shared))
        {
            far = await new Installation(before.Host, before.Regions, before.TokenFor, id => before.RegionSession(id)).RegionAsync();
        }
        await RegionDatabaseConsentTests.MoveAsync(shared, own, far.Id);
        await using var pool = await ClockedTalentPool.StartAsync(fixture, Start, shared, new Dictionary<Guid, string> { [far.Id] = own });
        var installation = new Installation(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));
        var recruiter = pool.TokenFor(Roles.Recruiter, null, far.Id);
        var (talent, _) = await installation.TalentInAsync(far);
        var (racedTalent, _) = await installation.TalentInAsync(far);
        async Task<(int Hires, int Recorded, int Billable)> HiresOfAsync(Guid hired)
        {
            await using var session = pool.RegionSession(far.Id);
            var hires = await session.Query<Hire>().Where(h => h.TalentId == hired).Select(h => h.Id).ToListAsync();
            var recorded = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "hire_recorded.v2").ToListAsync();
            var billable = await session.Query<BillableHire>().Where(b => hires.Contains(b.Id)).CountAsync();
            return (hires.Count, recorded.Count(e => ((HireRecorded)e.Data).TalentId == hired), billable);
        }

        // A hire, and the same request again: the first answer, one hire, one fee.
        var hire = new RecordHire(talent, far.PartnerId, StartsOn);
        var key = Guid.NewGuid().ToString();
        var first = await SendAsync(pool, "/api/v1/hires", hire, key, recruiter, far.Id);
        first.Status.ShouldBe(HttpStatusCode.Created, first.Body);
        var again = await SendAsync(pool, "/api/v1/hires", hire, key, recruiter, far.Id);
        again.ShouldBe(first);
        (await HiresOfAsync(talent)).ShouldBe((1, 1, 1));

        // The key with another request: 422, nothing recorded.
        var other = await SendAsync(pool, "/api/v1/hires", hire with { StartsOn = StartsOn.AddDays(7) }, key, recruiter, far.Id);
        other.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, other.Body);
        (await HiresOfAsync(talent)).ShouldBe((1, 1, 1));

        // Racing copies of one hire with one key: one hire, every copy answered with its response.
        var racedKey = Guid.NewGuid().ToString();
        var raced = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            SendAsync(pool, "/api/v1/hires", new RecordHire(racedTalent, far.PartnerId, StartsOn), racedKey, recruiter, far.Id)));
        raced.ShouldAllBe(answer => answer.Status == HttpStatusCode.Created, string.Join(" | ", raced.Select(a => $"{a.Status} {a.Body}")));
        raced.Select(answer => answer.Body).Distinct().ShouldHaveSingleItem();
        (await HiresOfAsync(racedTalent)).ShouldBe((1, 1, 1));

        // A keyed registration likewise: the first answer (token included) again, racing copies one talent, another body 422.
        var registration = TalentRequests.Registration();
        var registrationKey = Guid.NewGuid().ToString();
        var registrations = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(pool, "/api/v1/talents", registration, registrationKey, null, far.Id)));
        registrations.ShouldAllBe(answer => answer.Status == HttpStatusCode.Created, string.Join(" | ", registrations.Select(a => $"{a.Status} {a.Body}")));
        registrations.Distinct().ShouldHaveSingleItem();
        (await SendAsync(pool, "/api/v1/talents", registration, registrationKey, null, far.Id)).ShouldBe(registrations[0]);
        var otherRegistration = TalentRequests.Registration();
        (await SendAsync(pool, "/api/v1/talents", otherRegistration, registrationKey, null, far.Id)).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using (var session = pool.RegionSession(far.Id))
        {
            (await session.Query<Talent>().CountAsync(t => t.Personal.Email == registration.Email)).ShouldBe(1);
            (await session.Query<Talent>().CountAsync(t => t.Personal.Email == otherRegistration.Email)).ShouldBe(0);
        }

        // The claims are in the region's database, none in the shared one.
        (await ClaimsAsync(own)).ShouldBe(3);
        (await ClaimsAsync(shared)).ShouldBe(0);
    }
}
