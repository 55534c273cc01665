using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using TalentPool.Billing;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>
/// What must hold once a node was killed under write load, checked through a live node and the database: every
/// acknowledged write there, retries answered from the first answer, no event twice, each hire billed once, and read
/// models equal to a clean rebuild.
/// </summary>
public static class AfterTheCrash
{
    private const string Schema = DatabaseConfiguration.SchemaName;
    private const int Parallelism = 8;
    private static readonly TimeSpan RebuildBound = TimeSpan.FromSeconds(30);

    /// <summary>Every acknowledged write is readable through the API, and every acknowledged stream is stored.</summary>
    public static async Task EveryAcknowledgedWriteIsThereAsync(HttpClient client, NpgsqlDataSource dataSource, Acknowledged[] acknowledged,
        string admin, string recruiter)
    {
        var cancelled = acknowledged.Where(a => a.Write.Kind == "cancellation").Select(a => a.Write.Subject!.Value).ToHashSet();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (write, _) =>
        {
            switch (write.Write.Kind)
            {
                case "registration":
                    (await WriteLoad.GetAsync(client, $"/api/v1/talents/{write.Id}", admin)).GetProperty("id").GetGuid().ShouldBe(write.Id);
                    break;
                case "hire":
                    var hire = await WriteLoad.GetAsync(client, $"/api/v1/hires/{write.Id}", recruiter);
                    hire.GetProperty("talentId").GetGuid().ShouldBe(write.Write.Subject!.Value);
                    if (cancelled.Contains(write.Id)) hire.GetProperty("status").GetString().ShouldBe(nameof(HireStatus.Cancelled));
                    break;
                case "vacancy":
                    (await WriteLoad.GetAsync(client, $"/api/v1/vacancies/{write.Id}", admin)).GetProperty("id").GetGuid().ShouldBe(write.Id);
                    break;
            }
        });
        foreach (var kind in new[] { "registration", "hire", "vacancy" })
        {
            var ids = acknowledged.Where(a => a.Write.Kind == kind).Select(a => a.Id).ToArray();
            (await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_streams where id = any($1)", ids)).ShouldBe(ids.Length, $"every acknowledged {kind} has its stream");
        }
    }

    /// <summary>Each acknowledged registration and hire, sent again with its key, gets its first answer byte for byte and appends nothing.</summary>
    public static async Task RetriesGetTheFirstAnswerAndAppendNothingAsync(HttpClient client, NpgsqlDataSource dataSource, Acknowledged[] acknowledged)
    {
        var eventsBefore = await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events");
        await Parallel.ForEachAsync(acknowledged.Where(a => a.Write.Key is not null), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (first, _) =>
        {
            var again = await WriteLoad.SendAsync(client, first.Write);
            again.Status.ShouldBe(HttpStatusCode.Created, again.Body);
            again.Body.ShouldBe(first.Answer, $"a {first.Write.Kind} retried with its key is answered with its first answer");
        });
        (await ScalarAsync(dataSource, $"select count(*) from {Schema}.mt_events")).ShouldBe(eventsBefore, "a retry appends nothing");
    }

    /// <summary>
    /// Writes in flight at the kill may or may not have been recorded; sent again with their key, each is recorded (once: see
    /// <see cref="NoEventIsDuplicatedAsync"/>). Returns how many of the hires in flight had been recorded before.
    /// </summary>
    public static async Task<long> InFlightWritesSentAgainAreRecordedAsync(HttpClient client, NpgsqlDataSource dataSource, Write[] inFlight)
    {
        var recordedBefore = await ScalarAsync(dataSource,
            $"select count(*) from {Schema}.mt_events where type like 'hire_recorded.%' and (data ->> 'talentId')::uuid = any($1)",
            inFlight.Where(w => w.Kind == "hire").Select(w => w.Subject!.Value).ToArray());
        foreach (var write in inFlight.Where(w => w.Key is not null).OrderBy(w => w.Kind == "hire"))
        {
            var again = await WriteLoad.SendAsync(client, write);
            again.Status.ShouldBe(HttpStatusCode.Created, $"{write.Kind} in flight, sent again: {again.Body}");
        }
        return recordedBefore;
    }

    /// <summary>No event twice: streams numbered without gaps or repeats, one hire per talent, one registration per e-mail.</summary>
    public static async Task NoEventIsDuplicatedAsync(NpgsqlDataSource dataSource, Acknowledged[] acknowledged, Write[] inFlight)
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

    /// <summary>
    /// For each month from the first hire to this one, the region's statements: a fee line for each hire dated that month
    /// and a credit line for each hire cancelled that month, each hire once, at its fee — none twice, none lost.
    /// </summary>
    public static async Task LedgerBillsEachHireOnceAsync(HttpClient client, NpgsqlDataSource dataSource, string admin, Guid regionId,
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
            var lines = (await WriteLoad.GetAsync(client, $"/api/v1/regions/{regionId}/statements/{label}", admin)).EnumerateArray()
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
    /// is the same, document for document, as the projection rebuilt from scratch. Run with every node stopped.
    /// </summary>
    /// <param name="withHires">False: the load recorded no hire (<see cref="WriteLoad"/> without idempotency), so only the talents',
    /// vacancies' and members' read models must hold documents.</param>
    public static async Task<TimeSpan> ReadModelsEqualACleanRebuildAsync(string connectionString, bool withHires = true)
    {
        await using var store = TalentPoolStores.For(connectionString);
        var readModels = new[]
        {
            ReadModel<RegionHiresPerMonth, RegionHiresPerMonthProjection>(store),
            ReadModel<PartnerDashboardCounts, PartnerDashboardCountsProjection>(store),
            ReadModel<RegionMembers, RegionMembersProjection>(store),
            ReadModel<TargetMarketMonth, TargetMarketMonthProjection>(store),
            ReadModel<RegionRetentionCounts, RegionRetentionCountsProjection>(store),
            ReadModel<RegionPlacedTalents, RegionPlacedTalentsProjection>(store),
            ReadModel<MunicipalityHireCounts, MunicipalityHireCountsProjection>(store),
            ReadModel<TalentPool.Sync.SyncChange, TalentPool.Sync.ChangeFeedProjection>(store),
            Snapshot<Hire>(store),
            ReadModel<BillableHire, BillableHireProjection>(store),
            ReadModel<RegionSettlement, RegionSettlementProjection>(store),
            Snapshot<Talent>(store),
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
            if (withHires ? readModels[i].Name != nameof(RegionSettlement) : readModels[i].Name is nameof(Talent) or nameof(VacancyView) or nameof(RegionMembers))
            {
                live[i].ShouldNotBeEmpty(readModels[i].Name);
            }
            (await readModels[i].Documents()).ShouldBe(live[i], $"{readModels[i].Name}: as built live after the crash, as rebuilt from the events");
        }
        return rebuild.Elapsed;
    }

    public static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static (string Name, Func<Task<IReadOnlyList<string>>> Documents, Func<IProjectionDaemon, Task> Rebuild) ReadModel<TDocument, TProjection>(
        DocumentStore store) where TDocument : notnull =>
        ReadModel<TDocument>(store, daemon => daemon.RebuildProjectionAsync<TProjection>(RebuildBound, CancellationToken.None));

    /// <summary>An inline snapshot the API answers from (a talent's profile, a hire), rebuilt by its projection's name (the type's).</summary>
    private static (string Name, Func<Task<IReadOnlyList<string>>> Documents, Func<IProjectionDaemon, Task> Rebuild) Snapshot<TDocument>(
        DocumentStore store) where TDocument : notnull =>
        ReadModel<TDocument>(store, daemon => daemon.RebuildProjectionAsync(typeof(TDocument).Name, RebuildBound, CancellationToken.None));

    private static (string Name, Func<Task<IReadOnlyList<string>>> Documents, Func<IProjectionDaemon, Task> Rebuild) ReadModel<TDocument>(
        DocumentStore store, Func<IProjectionDaemon, Task> rebuild) where TDocument : notnull =>
        (typeof(TDocument).Name,
            async () =>
            {
                await using var session = store.QuerySession();
                var serializer = store.Options.Serializer();
                return [.. (await session.Query<TDocument>().Where(document => document.AnyTenant()).ToListAsync()).Select(document => serializer.ToJson(document)).Order()];
            },
            async daemon =>
            {
                await using (var session = store.LightweightSession())
                {
                    session.DeleteWhere<TDocument>(_ => true);
                    await session.SaveChangesAsync();
                }
                await rebuild(daemon);
            });
}
