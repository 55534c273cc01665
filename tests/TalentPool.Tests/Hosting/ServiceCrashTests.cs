using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;
using Xunit.Abstractions;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// The service killed outright (SIGKILL) while registrations, hires (some retried with their idempotency key),
/// cancellations and vacancies pour in, then started again on the same database: every acknowledged write is there,
/// no event is written twice, a retry answers with the first answer and appends nothing, the async projections catch up
/// to exactly what a clean rebuild gives, and the statements bill every hire once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceCrashTests(TalentPoolFixture fixture, ITestOutputHelper output)
{
    private const string Schema = DatabaseConfiguration.SchemaName;
    private const int Writers = 8;
    private const int HiresBeforeTheKill = 60;
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RebuildBound = TimeSpan.FromSeconds(30);

    private static readonly string[] AsyncProjections =
    [
        RegionHiresPerMonthProjection.ProjectionName, PartnerDashboardProjection.ProjectionName, RegionMembersProjection.ProjectionName,
        TargetMarketMonthProjection.ProjectionName, RegionRetentionCohortProjection.ProjectionName,
        RegionPlacementFlowProjection.ProjectionName, MunicipalityHiresProjection.ProjectionName,
    ];

    /// <summary>A write sent to the service: what to send again, and what it concerns (a hire's talent and date, a cancelled hire).</summary>
    private sealed record Write(string Kind, string Url, string Body, string? Key, string? Token, Guid? Subject = null, DateOnly? On = null);

    /// <summary>A write the service answered 2xx: the id it named and the answer, byte for byte.</summary>
    private sealed record Acknowledged(Write Write, Guid Id, string Answer);

    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<(Write Write, long SentAt)> _unanswered = [];
    private readonly ConcurrentBag<string> _unexpected = [];
    private int _retriedDuringLoad;
    private int _hiresAcknowledged;

    [Fact]
    public async Task A_service_killed_under_write_load_loses_no_acknowledged_write_duplicates_nothing_and_bills_each_hire_once()
    {
        var total = Stopwatch.StartNew();
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("talentpool_service_crash");
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var tokens = new TokenIssuer(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), TimeProvider.System);
        var (admin, recruiter) = (tokens.Issue(Roles.Admin), tokens.Issue(Roles.Recruiter, name: "crash-recruiter"));
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__TalentPool"] = connectionString,
            ["Auth__SigningKey"] = signingKey,
            ["RateLimits__RegistrationsPerMinute"] = "1000000",
        };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // 1. Under load, killed, while the daemon projects: it ran the async projections before the load started.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var service = await StartAsync(environment);
        var client = ClientOf(service);
        var (regionId, municipality, partners, vacancies) = await ArrangeRegionAsync(client, admin, today);
        await CatchUpAsync(dataSource);
        using var stop = new CancellationTokenSource();
        var enoughHires = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(seed => Task.Run(() =>
            WriteUntilStoppedAsync(client, new Random(seed), partners, vacancies, municipality, recruiter, admin, today, stop.Token, enoughHires))).ToArray();
        await enoughHires.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // Killed while the writers keep sending; once it is dead they stop (a write sent before is in flight, one after never sent).
        var (killedAt, exitCode) = await service.KillAsync();
        await stop.CancelAsync();
        var loadTime = load.Elapsed;
        await Task.WhenAll(writers);
        var inFlight = _unanswered.Where(write => write.SentAt < killedAt).Select(write => write.Write).ToArray();
        await service.DisposeAsync();
        client.Dispose();
        exitCode.ShouldBe(137, "the service must have died of SIGKILL (128 + 9), not stopped gracefully");
        _unexpected.ShouldBeEmpty();
        var (projectedAtTheKill, storedAtTheKill) = await ProjectedAndStoredAsync(dataSource);

        // 2. Started again on the same database: the read models catch up by themselves.
        var restart = Stopwatch.StartNew();
        service = await StartAsync(environment);
        var startTime = restart.Elapsed;
        client = ClientOf(service);
        var catchUp = await CatchUpAsync(dataSource);
        var acknowledged = _acknowledged.ToArray();

        // 3. Every acknowledged write is there, through the API and in the events.
        await EveryAcknowledgedWriteIsReadableAsync(client, acknowledged, admin, recruiter);
        foreach (var kind in new[] { "registration", "hire", "vacancy" })
        {
            var ids = acknowledged.Where(a => a.Write.Kind == kind).Select(a => a.Id).ToArray();
            (await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_streams where id = any($1)", ids)).ShouldBe(ids.Length, $"every acknowledged {kind} has its stream");
        }

        // 4. Sent again with its key after the restart, an acknowledged registration or hire gets its first answer and appends nothing.
        var eventsBefore = await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events");
        var retried = acknowledged.Where(a => a.Write.Key is not null).ToArray();
        await Parallel.ForEachAsync(retried, new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (first, _) =>
        {
            var again = await SendAsync(client, first.Write);
            again.Status.ShouldBe(HttpStatusCode.Created, again.Body);
            again.Body.ShouldBe(first.Answer, $"a {first.Write.Kind} retried with its key is answered with its first answer");
        });
        (await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events")).ShouldBe(eventsBefore, "a retry appends nothing");

        // Requests in flight at the kill may or may not have been recorded; sent again with their key, each is recorded once.
        var inFlightHiresRecorded = await CountHiresOfAsync(dataSource, inFlight.Where(w => w.Kind == "hire").Select(w => w.Subject!.Value).ToArray());
        foreach (var write in inFlight.Where(w => w.Key is not null).OrderBy(w => w.Kind == "hire"))
        {
            var again = await SendAsync(client, write);
            again.Status.ShouldBe(HttpStatusCode.Created, $"{write.Kind} in flight, sent again: {again.Body}");
        }

        // 5. No event twice: streams numbered without gaps or repeats, one hire per talent, one registration per e-mail.
        await NoEventIsDuplicatedAsync(dataSource, acknowledged, inFlight);

        // 6. The async projections catch up, and what they built is what a clean rebuild from the events gives.
        var catchUpAfterRetries = await CatchUpAsync(dataSource);
        await LedgerBillsEachHireOnceAsync(client, dataSource, admin, regionId, acknowledged, today);
        (await service.TerminateAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the service stops when asked");
        await service.DisposeAsync();
        client.Dispose();
        var rebuild = await ReadModelsEqualACleanRebuildAsync(connectionString);

        var count = (string kind) => acknowledged.Count(a => a.Write.Kind == kind);
        var inFlightCount = (string kind) => inFlight.Count(w => w.Kind == kind);
        output.WriteLine($"Acknowledged before the kill ({loadTime.TotalSeconds:F1} s of load, {Writers} writers): {count("registration")} registrations, " +
            $"{count("hire")} hires ({_retriedDuringLoad} retried with their key during the load), {count("cancellation")} cancellations, {count("vacancy")} vacancies.");
        output.WriteLine($"In flight at the kill (no answer): {inFlightCount("registration")} registrations, {inFlightCount("hire")} hires " +
            $"({inFlightHiresRecorded} of them recorded), {inFlightCount("cancellation")} cancellations, {inFlightCount("vacancy")} vacancies.");
        output.WriteLine($"At the kill the slowest async projection had reached event {projectedAtTheKill} of {storedAtTheKill}. " +
            $"Restart to ready: {startTime.TotalSeconds:F1} s; every async projection caught up {catchUp.TotalSeconds:F1} s after ready " +
            $"({catchUpAfterRetries.TotalSeconds:F1} s after the retries); {eventsBefore} events; 12 read models rebuilt and equal in {rebuild.TotalSeconds:F1} s; " +
            $"whole test {total.Elapsed.TotalSeconds:F1} s.");
    }

    private static async Task<ServiceProcess> StartAsync(Dictionary<string, string> environment) =>
        await ServiceProcess.StartAsync(new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LocalPostgresCluster.FreePort()}",
        });

    private static HttpClient ClientOf(ServiceProcess service) => new() { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };

    private static string Body(object request) => JsonSerializer.Serialize(request, request.GetType(), Json.Options);

    private static async Task<(Guid RegionId, string Municipality, Guid[] Partners, Dictionary<Guid, Guid> Vacancies)> ArrangeRegionAsync(
        HttpClient client, string admin, DateOnly today)
    {
        var number = Api.UniqueNumber();
        var countyId = await CreatedAsync(client, admin, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", [number, Api.UniqueNumber()]));
        var regionId = await CreatedAsync(client, admin, "/api/v1/regions", new RegisterRegion("Hamarregionen", countyId, "NO", "NOK", [number]));
        var joinedOn = new DateOnly(today.Year, today.Month, 1).AddMonths(-6);
        var partners = new Guid[3];
        var vacancies = new Dictionary<Guid, Guid>();
        for (var i = 0; i < partners.Length; i++)
        {
            partners[i] = await CreatedAsync(client, admin, "/api/v1/partners",
                new JoinPartner(regionId, $"Partner {i}", Api.OrganisationNumber(), 200, false, joinedOn));
            vacancies[partners[i]] = await CreatedAsync(client, admin, "/api/v1/vacancies", Vacancy(partners[i], number, today));
        }
        return (regionId, number, partners, vacancies);
    }

    private static PostVacancy Vacancy(Guid partnerId, string municipality, DateOnly today) => new(
        new VacancyDetails("Process engineer", "Scale up cell production.", "Battery engineering", municipality, 2, today.AddMonths(2), ["en"]),
        EmployerKind.Partner, partnerId);

    private static async Task<Guid> CreatedAsync(HttpClient client, string token, string url, object request)
    {
        var answer = await SendAsync(client, new Write("arrange", url, Body(request), null, token));
        answer.Status.ShouldBe(HttpStatusCode.Created, answer.Body);
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>One writer: registers a talent, hires it (sometimes naming a vacancy, sometimes sending the hire twice), sometimes cancels it or posts a vacancy.</summary>
    private async Task WriteUntilStoppedAsync(HttpClient client, Random random, Guid[] partners, Dictionary<Guid, Guid> vacancies, string municipality,
        string recruiter, string admin, DateOnly today, CancellationToken stop, TaskCompletionSource enoughHires)
    {
        while (!stop.IsCancellationRequested)
        {
            var talent = await WriteAsync(client, new Write("registration", "/api/v1/talents", Body(TalentRequests.Registration()), NewKey(), null), stop);
            if (talent is null) continue;

            var partner = partners[random.Next(partners.Length)];
            var hiredOn = today.AddDays(-random.Next(0, 75));
            var hireRequest = new RecordHire(talent.Id, partner, hiredOn, random.Next(2) == 0 ? vacancies[partner] : null, hiredOn);
            var hire = await WriteAsync(client, new Write("hire", "/api/v1/hires", Body(hireRequest), NewKey(), recruiter, talent.Id, hiredOn), stop);
            if (hire is null) continue;
            if (Interlocked.Increment(ref _hiresAcknowledged) >= HiresBeforeTheKill) enoughHires.TrySetResult();

            if (random.Next(4) == 0 && !stop.IsCancellationRequested)
            {
                try
                {
                    var again = await SendAsync(client, hire.Write);
                    if (again.Body != hire.Answer) _unexpected.Add($"hire retried during the load: {again.Status} {again.Body}, first {hire.Answer}");
                    Interlocked.Increment(ref _retriedDuringLoad);
                }
                catch (HttpRequestException)
                {
                    // Killed meanwhile: the hire itself was acknowledged already.
                }
            }
            if (random.Next(5) == 0)
            {
                await WriteAsync(client, new Write("cancellation", $"/api/v1/hires/{hire.Id}/cancellation",
                    Body(new CancelHire(today, "Probation not passed")), null, recruiter, hire.Id, today), stop);
            }
            if (random.Next(8) == 0)
            {
                await WriteAsync(client, new Write("vacancy", "/api/v1/vacancies", Body(Vacancy(partner, municipality, today)), null, admin), stop);
            }
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    /// <summary>Sends a write unless the load was stopped; records it acknowledged (2xx), unanswered (with when it was sent) or unexpected.</summary>
    private async Task<Acknowledged?> WriteAsync(HttpClient client, Write write, CancellationToken stop)
    {
        if (stop.IsCancellationRequested) return null;
        (HttpStatusCode Status, string Body) answer;
        var sentAt = Stopwatch.GetTimestamp();
        try
        {
            answer = await SendAsync(client, write);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Sent before the kill, it was in flight: it may or may not have been recorded. Sent after, it never arrived.
            _unanswered.Add((write, sentAt));
            return null;
        }
        if ((int)answer.Status is < 200 or > 299)
        {
            _unexpected.Add($"{write.Kind} {write.Url}: {(int)answer.Status} {answer.Body}");
            return null;
        }
        var acknowledged = new Acknowledged(write, JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetGuid(), answer.Body);
        _acknowledged.Add(acknowledged);
        return acknowledged;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, Write write)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, write.Url) { Content = new StringContent(write.Body, Encoding.UTF8, "application/json") };
        if (write.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", write.Token);
        if (write.Key is not null) request.Headers.Add("Idempotency-Key", write.Key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task EveryAcknowledgedWriteIsReadableAsync(HttpClient client, Acknowledged[] acknowledged, string admin, string recruiter)
    {
        var cancelled = acknowledged.Where(a => a.Write.Kind == "cancellation").Select(a => a.Write.Subject!.Value).ToHashSet();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (write, _) =>
        {
            switch (write.Write.Kind)
            {
                case "registration":
                    (await GetAsync(client, $"/api/v1/talents/{write.Id}", admin)).GetProperty("id").GetGuid().ShouldBe(write.Id);
                    break;
                case "hire":
                    var hire = await GetAsync(client, $"/api/v1/hires/{write.Id}", recruiter);
                    hire.GetProperty("talentId").GetGuid().ShouldBe(write.Write.Subject!.Value);
                    if (cancelled.Contains(write.Id)) hire.GetProperty("status").GetString().ShouldBe(nameof(HireStatus.Cancelled));
                    break;
                case "vacancy":
                    (await GetAsync(client, $"/api/v1/vacancies/{write.Id}", admin)).GetProperty("id").GetGuid().ShouldBe(write.Id);
                    break;
            }
        });
    }

    private static async Task NoEventIsDuplicatedAsync(NpgsqlDataSource dataSource, Acknowledged[] acknowledged, Write[] inFlight)
    {
        // Each stream's events are numbered 1..n without a gap or a repeat, and the stream's version is n.
        (await ScalarAsync(dataSource, $"""
            select count(*) from (
              select s.id from {Schema}.mt_streams s join {Schema}.mt_events e on e.stream_id = s.id
              group by s.id, s.version
              having count(*) <> max(e.version) or min(e.version) <> 1 or max(e.version) <> s.version or count(distinct e.version) <> count(*)) broken
            """)).ShouldBe(0, "every stream numbered 1..n");
        // One hire recorded per talent (each talent was hired once, some hires sent twice), one cancellation at most per hire.
        (await ScalarAsync(dataSource, $"""
            select count(*) from (select e.data ->> 'talentId' from {Schema}.mt_events e where e.type like 'hire_recorded.%'
              group by 1 having count(*) > 1) twice
            """)).ShouldBe(0, "no talent's hire recorded twice");
        (await ScalarAsync(dataSource, $"""
            select count(*) from (select e.stream_id from {Schema}.mt_events e where e.type like 'hire_%'
              group by 1 having count(*) filter (where e.type like 'hire_recorded.%') <> 1 or count(*) filter (where e.type like 'hire_cancelled.%') > 1) twice
            """)).ShouldBe(0, "each hire stream: recorded once, cancelled at most once");
        (await ScalarAsync(dataSource, $"""
            select count(*) from (select e.data -> 'personal' ->> 'email' from {Schema}.mt_events e where e.type like 'talent_registered.%'
              group by 1 having count(*) > 1) twice
            """)).ShouldBe(0, "no registration recorded twice");
        // Every recorded hire was sent by the load: acknowledged, or in flight and sent again.
        var sent = acknowledged.Where(a => a.Write.Kind == "hire").Select(a => a.Write.Subject!.Value)
            .Concat(inFlight.Where(w => w.Kind == "hire").Select(w => w.Subject!.Value)).ToArray();
        (await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events where type like 'hire_recorded.%'"))
            .ShouldBe(sent.Length, "one hire recorded for each hire acknowledged or in flight and sent again");
    }

    private static async Task<long> CountHiresOfAsync(NpgsqlDataSource dataSource, Guid[] talents) =>
        await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events where type like 'hire_recorded.%' and (data ->> 'talentId')::uuid = any($1)", talents);

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The event the slowest async projection has reached, and the newest event stored.</summary>
    private static async Task<(long Projected, long Stored)> ProjectedAndStoredAsync(NpgsqlDataSource dataSource) =>
        (await ScalarAsync(dataSource, $"""
             select min(coalesce(p.last_seq_id, 0)) from unnest($1::text[]) as projection(name)
             left join {Schema}.mt_event_progression p on p.name = projection.name || ':All'
             """, (object)AsyncProjections),
         await ScalarAsync(dataSource, $"select coalesce(max(seq_id), 0) from {Schema}.mt_events"));

    private static async Task<string> ProgressAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"select name || '=' || last_seq_id from {Schema}.mt_event_progression union all select 'max=' || max(seq_id) from {Schema}.mt_events " +
            $"union all select 'nodes=' || count(*) from {Schema}.wolverine_nodes union all select 'agents=' || string_agg(node_id::text || ':' || id, ', ') from {Schema}.wolverine_node_assignments");
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.IsDBNull(0) ? "null" : reader.GetString(0));
        return string.Join("; ", rows);
    }

    /// <summary>Waits until every async projection has processed the newest stored event; how long that took.</summary>
    private static async Task<TimeSpan> CatchUpAsync(NpgsqlDataSource dataSource)
    {
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync(dataSource, $"""
                   select count(*) from unnest($1::text[]) as projection(name)
                   left join {Schema}.mt_event_progression p on p.name = projection.name || ':All'
                   where coalesce(p.last_seq_id, 0) < (select coalesce(max(seq_id), 0) from {Schema}.mt_events)
                   """, (object)AsyncProjections) > 0)
        {
            if (waited.Elapsed > CatchUpBound) throw new ShouldAssertException($"The async projections did not catch up within {CatchUpBound}: {await ProgressAsync(dataSource)}");
            await Task.Delay(20);
        }
        return waited.Elapsed;
    }

    /// <summary>
    /// For each month from the first hire to this one, the region's statements: a fee line for each hire dated that month
    /// and a credit line for each hire cancelled that month, each hire once, at its fee — none twice, none lost.
    /// </summary>
    private static async Task LedgerBillsEachHireOnceAsync(HttpClient client, NpgsqlDataSource dataSource, string admin, Guid regionId,
        Acknowledged[] acknowledged, DateOnly today)
    {
        var hires = new List<(Guid Id, DateOnly HiredOn, decimal Fee, DateOnly? CancelledOn)>();
        await using (var command = dataSource.CreateCommand($"""
            select r.stream_id, (r.data ->> 'hiredOn')::date, (r.data -> 'fee' ->> 'amount')::numeric, (c.data ->> 'cancelledOn')::date
            from {Schema}.mt_events r left join {Schema}.mt_events c on c.stream_id = r.stream_id and c.type like 'hire_cancelled.%'
            where r.type like 'hire_recorded.%'
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                hires.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3)));
            }
        }
        acknowledged.Where(a => a.Write.Kind == "hire").Select(a => a.Id).Except(hires.Select(h => h.Id))
            .ShouldBeEmpty("every acknowledged hire recorded");
        acknowledged.Where(a => a.Write.Kind == "cancellation").Select(a => a.Write.Subject!.Value).Except(hires.Where(h => h.CancelledOn is not null).Select(h => h.Id))
            .ShouldBeEmpty("every acknowledged cancellation recorded");
        hires.ShouldAllBe(h => h.Fee == 20_000m); // a standard partner's fee in the default price list

        var billed = new List<Guid>();
        for (var month = hires.Min(h => new DateOnly(h.HiredOn.Year, h.HiredOn.Month, 1)); month <= today; month = month.AddMonths(1))
        {
            var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var lines = (await GetAsync(client, $"/api/v1/regions/{regionId}/statements/{label}", admin)).EnumerateArray()
                .SelectMany(statement => statement.GetProperty("lines").EnumerateArray())
                .Select(line => (Kind: line.GetProperty("kind").GetString(), HireId: line.GetProperty("hireId").ValueKind == JsonValueKind.Null ? Guid.Empty : line.GetProperty("hireId").GetGuid(),
                    Amount: line.GetProperty("amount").GetProperty("amount").GetDecimal()))
                .ToList();
            var fees = lines.Where(l => l.Kind == nameof(LineKind.HireFee)).ToList();
            var credits = lines.Where(l => l.Kind == nameof(LineKind.HireFeeCredit)).ToList();
            var datedThisMonth = hires.Where(h => h.HiredOn.Year == month.Year && h.HiredOn.Month == month.Month).ToList();
            var cancelledThisMonth = hires.Where(h => h.CancelledOn is { } on && on.Year == month.Year && on.Month == month.Month).ToList();

            fees.Select(l => l.HireId).OrderBy(id => id).ShouldBe(datedThisMonth.Select(h => h.Id).OrderBy(id => id), $"{label}: one fee line per hire dated in the month");
            fees.ShouldAllBe(l => l.Amount == 20_000m);
            credits.Select(l => l.HireId).OrderBy(id => id).ShouldBe(cancelledThisMonth.Select(h => h.Id).OrderBy(id => id), $"{label}: one credit per hire cancelled in the month");
            credits.ShouldAllBe(l => l.Amount == -20_000m);
            (fees.Sum(l => l.Amount) + credits.Sum(l => l.Amount))
                .ShouldBe(datedThisMonth.Sum(h => h.Fee) - cancelledThisMonth.Sum(h => h.Fee), $"{label}: the month's hire fees less its credits");
            billed.AddRange(fees.Select(l => l.HireId));
        }
        billed.Count.ShouldBe(billed.Distinct().Count(), "no hire billed twice");
        billed.Count.ShouldBe(hires.Count, "every hire billed");
    }

    /// <summary>
    /// Each async read model (and the inline ones the API answers hires and statements from), as the service built it,
    /// is the same, document for document, as the projection rebuilt from scratch.
    /// </summary>
    private static async Task<TimeSpan> ReadModelsEqualACleanRebuildAsync(string connectionString)
    {
        await using var store = TalentPoolStores.For(connectionString);
        var readModels = new[]
        {
            ReadModel<RegionHiresPerMonth, RegionHiresPerMonthProjection>(store),
            ReadModel<PartnerDashboard, PartnerDashboardProjection>(store),
            ReadModel<RegionMembers, RegionMembersProjection>(store),
            ReadModel<TargetMarketMonth, TargetMarketMonthProjection>(store),
            ReadModel<RegionRetentionCohort, RegionRetentionCohortProjection>(store),
            ReadModel<RegionPlacementFlow, RegionPlacementFlowProjection>(store),
            ReadModel<MunicipalityHires, MunicipalityHiresProjection>(store),
            ReadModel<HireDetails, HireDetailsProjection>(store),
            ReadModel<BillableHire, BillableHireProjection>(store),
            ReadModel<RegionSettlement, RegionSettlementProjection>(store),
            ReadModel<TalentProfileView, TalentProfileViewProjection>(store),
            ReadModel<VacancyView, VacancyViewProjection>(store),
        };
        var live = new List<IReadOnlyList<string>>();
        foreach (var readModel in readModels) live.Add(await readModel.Documents());

        var rebuild = Stopwatch.StartNew();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            foreach (var readModel in readModels) await readModel.Rebuild(daemon);
        }
        rebuild.Stop();
        for (var i = 0; i < readModels.Length; i++)
        {
            // Each one has something to compare, but the settlement: no month was closed.
            if (readModels[i].Name != nameof(RegionSettlement)) live[i].ShouldNotBeEmpty(readModels[i].Name);
            (await readModels[i].Documents()).ShouldBe(live[i], $"{readModels[i].Name}: as built live after the crash, as rebuilt from the events");
        }
        return rebuild.Elapsed;
    }

    private static (string Name, Func<Task<IReadOnlyList<string>>> Documents, Func<IProjectionDaemon, Task> Rebuild) ReadModel<TDocument, TProjection>(
        DocumentStore store) where TDocument : notnull =>
        (typeof(TDocument).Name,
            async () =>
            {
                await using var session = store.QuerySession();
                var serializer = store.Options.Serializer();
                return [.. (await session.Query<TDocument>().ToListAsync()).Select(document => serializer.ToJson(document)).Order()];
            },
            async daemon =>
            {
                await using (var session = store.LightweightSession())
                {
                    session.DeleteWhere<TDocument>(_ => true);
                    await session.SaveChangesAsync();
                }
                await daemon.RebuildProjectionAsync<TProjection>(RebuildBound, CancellationToken.None);
            });
}
