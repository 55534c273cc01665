using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Regions.Tenancy;
using TalentPool.Tests.Talents;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Webhooks;

/// <summary>
/// Saved searches of another region receive the talents consenting to be seen there: the delivery is made in the searching
/// region with a body holding no card and a reference kept in the talent's home tenant, and the card is read at home when sent.
/// Nothing of the talent, not even its id, is stored in the searching region; a withdrawal or an erasure before the send makes
/// the delivery Withdrawn, after it the replay is refused. Also with the home region on a database of its own.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherRegionSavedSearchWebhookTests(TalentPoolFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly WebhookApi _webhooks = new(fixture);
    private readonly string _area = $"Area {Guid.NewGuid():N}";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private RegisterTalent Registration(string name) => TalentRequests.Registration() with
    {
        FullName = $"{name} {Guid.NewGuid():N}", Email = TalentRequests.UniqueEmail(name), CompetenceAreas = [_area],
        ShareWithPartners = true, ShareWithMunicipalities = false,
    };

    private async Task<Guid> RegisterAsync(Guid region, RegisterTalent registration)
    {
        fixture.Regions.Use(region);
        return await _webhooks.Api.PostAsync("/api/v1/talents", registration, token: "");
    }

    private async Task<HttpStatusCode> AsTalentAsync(HttpMethod method, Guid talent, string path, object? body = null) =>
        (await _webhooks.SendAsync(method, $"/api/v1/talents/{talent}/{path}", fixture.TokenFor(Roles.Talent, talent), body)).StatusCode;

    private string FixtureDatabase => fixture.Store.Storage.Database.CreateConnection().ConnectionString;

    private static Guid TalentOf(ReceivedDelivery delivery) => delivery.Json.GetProperty("data").GetProperty("talent").GetProperty("id").GetGuid();

    [Fact]
    public async Task A_talent_consenting_to_another_region_is_sent_to_its_saved_searches_with_the_card_read_at_home_and_that_region_keeps_nothing_of_it()
    {
        var (home, _, _) = await _webhooks.PartnerAsync();
        var (reader, _, token) = await _webhooks.PartnerAsync();
        var webhook = await _webhooks.RegisterAsync(token, _receiver.Url("reader"), WebhookEventKind.TalentMatchedSavedSearch);
        var search = await _webhooks.Api.PostAsync("/api/v1/saved-searches", new SaveSearch("Battery", CompetenceArea: _area), token);

        // Registered at home: nothing for the other region until the talent consents to be seen there.
        var registration = Registration("Astrid");
        var talent = await RegisterAsync(home, registration);
        (await AsTalentAsync(HttpMethod.Post, talent, "other-regions-consent", new GiveOtherRegionsConsent(false, [reader]))).ShouldBe(HttpStatusCode.OK);

        var delivered = (await _receiver.WaitForAsync("reader", r => r.Any(d => d.Accepted))).Single();
        WebhookSignature.Verify(webhook.Secret, delivered.Id, delivered.Timestamp, delivered.Body, delivered.Signature).ShouldBeTrue("signed over the body as sent");
        var data = delivered.Json.GetProperty("data");
        data.GetProperty("savedSearches").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).ShouldBe([search]);
        var card = data.GetProperty("talent");
        card.GetProperty("id").GetGuid().ShouldBe(talent);
        card.GetProperty("homeRegionId").GetGuid().ShouldBe(home);
        card.GetProperty("fullName").GetString().ShouldBe(registration.FullName);
        card.GetProperty("email").GetString().ShouldBe(registration.Email);

        // The log keeps the body without the card: the talent's card and id never enter the reader's tenant.
        var log = await _webhooks.WaitForLogAsync(token, webhook.Id, p => p.Items.Count == 1 && p.Items[0].Status == WebhookDeliveryStatus.Delivered);
        log.Items[0].Body.ShouldContain("\"talent\":null");
        log.Items[0].Id.ToString().ShouldBe(delivered.Id);
        (await RowsOfTenantMentioningAsync(FixtureDatabase, reader, registration.FullName, registration.Email, talent.ToString())).ShouldBeEmpty();

        // Paused: two more talents consent; one withdraws the consent to this region, one is erased, before the webhook resumes.
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/pause", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var withdrawing = await RegisterAsync(home, Registration("Withdrawing"));
        var erased = await RegisterAsync(home, Registration("Erased"));
        foreach (var queued in new[] { withdrawing, erased })
            (await AsTalentAsync(HttpMethod.Post, queued, "other-regions-consent", new GiveOtherRegionsConsent(false, [reader]))).ShouldBe(HttpStatusCode.OK);
        await _webhooks.WaitForLogAsync(token, webhook.Id, p => p.Items.Count == 3);
        (await AsTalentAsync(HttpMethod.Delete, withdrawing, "other-regions-consent")).ShouldBe(HttpStatusCode.OK);
        (await AsTalentAsync(HttpMethod.Post, erased, "erasure", new { })).ShouldBe(HttpStatusCode.NoContent);
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/resume", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var marker = await RegisterAsync(home, Registration("Marker"));
        (await AsTalentAsync(HttpMethod.Post, marker, "other-regions-consent", new GiveOtherRegionsConsent(true))).ShouldBe(HttpStatusCode.OK);

        (await _receiver.WaitForAsync("reader", r => r.Count(d => d.Accepted) == 2)).Select(TalentOf).ShouldBe([talent, marker]);
        log = await _webhooks.WaitForLogAsync(token, webhook.Id, p => p.Items.Count == 4 && p.Items[3].Status == WebhookDeliveryStatus.Delivered);
        log.Items.Select(d => d.Status).ShouldBe(
            [WebhookDeliveryStatus.Delivered, WebhookDeliveryStatus.Withdrawn, WebhookDeliveryStatus.Withdrawn, WebhookDeliveryStatus.Delivered]);
        log.Items.ShouldAllBe(d => d.Body.Contains("\"talent\":null"));
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/deliveries/{log.Items[1].Id}/replay", token)).StatusCode
            .ShouldBe(HttpStatusCode.Conflict);

        // The delivered talent erased: its delivery is never replayed, and its reference at home goes.
        (await AsTalentAsync(HttpMethod.Post, talent, "erasure", new { })).ShouldBe(HttpStatusCode.NoContent);
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/deliveries/{log.Items[0].Id}/replay", token)).StatusCode
            .ShouldBe(HttpStatusCode.Conflict);
        (await _webhooks.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhook.Id}/deliveries/{log.Items[3].Id}/replay", token)).StatusCode
            .ShouldBe(HttpStatusCode.OK, "the marker still consents: replayed with its card");
        (await _receiver.WaitForAsync("reader", r => r.Count(d => d.Accepted) == 3)).Select(TalentOf).ShouldBe([talent, marker, marker]);
        await WaitUntilAsync(async () =>
        {
            await using var session = fixture.RegionSession(home);
            return !await session.Query<OtherRegionMatch>().AnyAsync(m => m.TalentId == talent || m.TalentId == erased || m.TalentId == withdrawing);
        }, "the references of the erased and withdrawn talents are forgotten at home");
        foreach (var gone in new[] { talent, erased, withdrawing })
            (await RowsOfTenantMentioningAsync(FixtureDatabase, reader, gone.ToString())).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_talent_of_a_region_on_its_own_database_is_sent_to_a_shared_database_regions_search_and_withdrawn_once_erased()
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync("webhook_regiondb_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("webhook_regiondb_own");
        RegionWithMembers moving;
        await using (var before = await ClockedTalentPool.StartAsync(fixture, Start, shared))
        {
            moving = await new Installation(before.Host, before.Regions, before.TokenFor, id => before.RegionSession(id)).RegionAsync();
        }
        await RegionDatabaseConsentTests.MoveAsync(shared, own, moving.Id);
        await using var pool = await ClockedTalentPool.StartAsync(fixture, Start, shared, new Dictionary<Guid, string> { [moving.Id] = own });
        var installation = new Installation(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));
        var reader = await installation.RegionAsync();

        var created = await (await installation.SendAsync(HttpMethod.Post, "/api/v1/webhooks", reader.Partner,
            new RegisterWebhook(_receiver.Url("db"), [WebhookEventKind.TalentMatchedSavedSearch]), status: 201)).ReadAsJsonAsync<WebhookCreated>();
        await installation.SendAsync(HttpMethod.Post, "/api/v1/saved-searches", reader.Partner, new SaveSearch("Battery", CompetenceArea: _area), status: 201);
        (await installation.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{created!.Id}/pause", reader.Partner)).ShouldNotBeNull();

        var registration = Registration("Sigrid");
        var talent = await installation.RegisterAsync(new RegionWithMembers(moving.Id, Guid.Empty, "", "", "", ""), registration);
        var erased = await installation.RegisterAsync(new RegionWithMembers(moving.Id, Guid.Empty, "", "", "", ""), Registration("Erased"));
        foreach (var consenting in new[] { talent, erased })
            await installation.ConsentAsync(consenting, new GiveOtherRegionsConsent(false, [reader.Id]));
        await WaitUntilAsync(async () => (await DeliveriesAsync(installation, reader.Partner, created.Id)).Items.Count == 2, "both matches queued in the reader's region");
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{erased}/erasure", installation.TalentToken(erased), status: 204);
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{created.Id}/resume", reader.Partner);

        var delivered = (await _receiver.WaitForAsync("db", r => r.Any(d => d.Accepted))).Single();
        WebhookSignature.Verify(created.Secret, delivered.Id, delivered.Timestamp, delivered.Body, delivered.Signature).ShouldBeTrue();
        TalentOf(delivered).ShouldBe(talent);
        delivered.Json.GetProperty("data").GetProperty("talent").GetProperty("homeRegionId").GetGuid().ShouldBe(moving.Id);
        delivered.Json.GetProperty("data").GetProperty("talent").GetProperty("fullName").GetString().ShouldBe(registration.FullName);
        WebhookDeliveryPage log = null!;
        await WaitUntilAsync(async () => (log = await DeliveriesAsync(installation, reader.Partner, created.Id)).Items.All(d => !d.IsQueued()), "both sent or withdrawn");
        log.Items.Select(d => d.Status).ShouldBe([WebhookDeliveryStatus.Delivered, WebhookDeliveryStatus.Withdrawn]);
        (await RowsOfTenantMentioningAsync(shared, reader.Id, registration.FullName, registration.Email, talent.ToString(), erased.ToString())).ShouldBeEmpty();

        // Not paused: the dispatch's own message (published with the page, the delivery committed in the shared database) sends it.
        var late = await installation.RegisterAsync(new RegionWithMembers(moving.Id, Guid.Empty, "", "", "", ""), Registration("Late"));
        await installation.ConsentAsync(late, new GiveOtherRegionsConsent(true));
        (await _receiver.WaitForAsync("db", r => r.Count(d => d.Accepted) == 2)).Select(TalentOf).ShouldBe([talent, late]);

        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/erasure", installation.TalentToken(talent), status: 204);
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{created.Id}/deliveries/{log.Items[0].Id}/replay", reader.Partner, status: 409);
        _receiver.Received("db").Count(d => d.Accepted).ShouldBe(2);
    }

    private static async Task<WebhookDeliveryPage> DeliveriesAsync(Installation installation, string token, Guid webhook) =>
        (await (await installation.SendAsync(HttpMethod.Get, $"/api/v1/webhooks/{webhook}/deliveries", token)).ReadAsJsonAsync<WebhookDeliveryPage>())!;

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), what);
            await Task.Delay(50);
        }
    }

    /// <summary>Every table with a tenant column whose rows of the region's tenant mention one of the values.</summary>
    private static async Task<List<string>> RowsOfTenantMentioningAsync(string connectionString, Guid regionId, params string[] values)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.columns where table_schema = $1 and column_name = 'tenant_id'", connection))
        {
            list.Parameters.AddWithValue(DatabaseConfiguration.SchemaName);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*) from {DatabaseConfiguration.SchemaName}.{table} as t where t.tenant_id = $1 and t::text ilike any($2)", connection);
            command.Parameters.AddWithValue(RegionTenancy.TenantOf(regionId));
            command.Parameters.AddWithValue(values.Select(v => $"%{v}%").ToArray());
            if ((long)(await command.ExecuteScalarAsync())! > 0) found.Add(table);
        }
        return found;
    }
}

internal static class WebhookDeliveryViewStatus
{
    public static bool IsQueued(this WebhookDeliveryView delivery) => delivery.Status is WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Retrying;
}
