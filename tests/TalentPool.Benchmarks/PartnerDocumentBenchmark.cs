using System.Diagnostics;
using Marten;
using Npgsql;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Seeding;
using TalentPool.Vacancies;

namespace TalentPool.Benchmarks;

// The partner dashboard's counts document of one partner (`--scenario partner-document --sizes 41000x1000 [--partner 0]`),
// built in this process by the projection's own code from the partner's events in a database seeded by `reads`, without
// rebuilding the projection for every partner (the daemon needs hours for 9.5M events on a loaded machine): its JSON length
// beside the stored document of the version the database was built with. Reads the events only; writes nothing.
public static class PartnerDocumentBenchmark
{
    public static async Task RunAsync(string sizes, int partnerNumber)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        var partnerId = DemoIds.Of(ReadsAtScaleBenchmark.Seed, "partner", partnerNumber);
        foreach (var (talents, activity) in sizes.Split(',').Select(size => size.Split('x')).Select(p => (int.Parse(p[0]), p.Length > 1 ? int.Parse(p[1]) : 1)))
        {
            var database = await postgres.CreateDatabaseAsync(activity == 1 ? $"bench_reads_{talents}" : $"bench_reads_{talents}x{activity}");
            var plan = new DemoDataPlan(ReadsAtScaleBenchmark.Seed, talents, 2, new DateOnly(2026, 11, 25), Activity: activity);
            var tenant = RegionTenancy.TenantOf(new DemoHistory(plan).RegionId);
            await using var store = ReadsAtScaleBenchmark.SeedingStore(database);
            var clock = Stopwatch.StartNew();

            // The streams holding an event the projection groups to this partner (vacancies, candidacies, its hires, other
            // members' hires of its employees), then all their events, as the daemon would read them, in sequence order.
            var streams = await StreamIdsAsync(database, partnerId);
            await using var session = store.QuerySession(tenant);
            var events = new List<JasperFx.Events.IEvent>();
            foreach (var chunk in streams.Chunk(5_000))
            {
                var ids = chunk.ToList();
                events.AddRange(await session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamId)).ToListAsync());
            }
            events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));

            var projection = new PartnerDashboardCountsProjection();
            PartnerDashboardCounts? counts = null;
            var inHand = events.ToLookup(e => e.StreamId);
            foreach (var e in events.Where(e => GroupedTo(e.Data, partnerId)))
            {
                var enriched = CandidacyFactContext.InContext(HireFactContext.InContext(e, inHand), inHand);
                counts = await projection.EvolveAsync(counts, partnerId, session, enriched, CancellationToken.None);
            }
            var json = store.Options.Serializer().ToJson(counts!);
            var (asStored, sameAsStored) = await AsStoredAsync(database, json, partnerId);
            Console.WriteLine($"{talents:N0}x{activity}: partner {partnerNumber} ({partnerId}): {events.Count:N0} events of {streams.Count:N0} streams " +
                $"read and applied in {clock.Elapsed.TotalSeconds:N0} s; {PartnerDashboardCountsProjection.ProjectionName} document {asStored:N0} characters " +
                $"as jsonb text ({json.Length:N0} serialised; {counts!.OpenVacancies.Count:N0} open vacancies); equal to the stored one: {sameAsStored?.ToString() ?? "none stored"}");
            Console.WriteLine($"  by property: {string.Join(", ", await PropertyLengthsAsync(database, json))}");
            foreach (var (table, length) in await StoredLengthsAsync(database, partnerId))
            {
                Console.WriteLine($"  stored in {table}: {length:N0} characters (jsonb as text)");
            }
        }
    }

    // As the projection's identity rules group them.
    private static bool GroupedTo(object data, Guid partnerId) => data switch
    {
        VacancyPosted posted => posted.EmployerId == partnerId,
        VacancyClosed closed => closed.EmployerId == partnerId,
        CandidateIntroduced introduced => introduced.EmployerId == partnerId,
        CandidateMovedToStage moved => moved.EmployerId == partnerId,
        CandidateRejected rejected => rejected.EmployerId == partnerId,
        HireRecorded recorded => recorded.PartnerId == partnerId || recorded.PreviousEmployerId == partnerId,
        HireCancelled cancelled => cancelled.PartnerId == partnerId,
        EmploymentEnded ended => ended.PartnerId == partnerId,
        _ => false,
    };

    private static async Task<List<Guid>> StreamIdsAsync(string database, Guid partnerId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Hires of the partner's employees name the vacancy they fill: its first event gives the time to hire of no one
        // here, but the hire's context reads it, so those vacancies' streams come too.
        await using var command = new NpgsqlCommand(
            "with touched as (select distinct stream_id from talentpool.mt_events where data ->> 'employerId' = @p or data ->> 'partnerId' = @p " +
            "or data ->> 'previousEmployerId' = @p) " +
            "select stream_id from touched union select (data ->> 'vacancyId')::uuid from talentpool.mt_events " +
            "where stream_id in (select stream_id from touched) and type like 'hire_recorded%' and data ->> 'vacancyId' is not null", connection)
        {
            CommandTimeout = 0,
        };
        command.Parameters.AddWithValue("p", partnerId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    // The length as the stored documents are measured (jsonb as text), and whether the daemon's stored document is the same.
    private static async Task<(int Length, bool? Same)> AsStoredAsync(string database, string json, Guid partnerId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var length = new NpgsqlCommand("select length(@json::jsonb::text)", connection);
        length.Parameters.AddWithValue("json", json);
        var measured = (int)(await length.ExecuteScalarAsync())!;
        await using var same = new NpgsqlCommand(
            $"select data = @json::jsonb from talentpool.mt_doc_{PartnerDashboardCountsProjection.DocumentAlias} where id = @id", connection);
        same.Parameters.AddWithValue("json", json);
        same.Parameters.AddWithValue("id", partnerId);
        try
        {
            return (measured, await same.ExecuteScalarAsync() as bool?);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return (measured, null);
        }
    }

    private static async Task<List<string>> PropertyLengthsAsync(string database, string json)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select key, length(value::text) from jsonb_each(@json::jsonb) order by 2 desc", connection);
        command.Parameters.AddWithValue("json", json);
        await using var reader = await command.ExecuteReaderAsync();
        var lengths = new List<string>();
        while (await reader.ReadAsync()) lengths.Add($"{reader.GetString(0)} {reader.GetInt32(1):N0}");
        return lengths;
    }

    private static async Task<List<(string Table, int Length)>> StoredLengthsAsync(string database, Guid partnerId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var lengths = new List<(string, int)>();
        foreach (var table in new[] { "mt_doc_partnerdashboardcounts", "mt_doc_partnerdashboardcountsv2", "mt_doc_partnerdashboardcountsv3" })
        {
            await using var command = new NpgsqlCommand(
                $"select length(data::text) from talentpool.{table} where id = @id", connection);
            command.Parameters.AddWithValue("id", partnerId);
            try
            {
                if (await command.ExecuteScalarAsync() is int length) lengths.Add((table, length));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
            }
        }
        return lengths;
    }
}
