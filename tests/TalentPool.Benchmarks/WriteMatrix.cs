using TalentPool.Hosting;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Talents;

namespace TalentPool.Benchmarks;

// The write-path matrix (issue #14, benchmark 1): registrations and hires per second at 1, 8 and 32 clients, through
//   (a) PostgreSQL alone: the statements the service sends for one request (captured from it through Marten's logger),
//       replayed by N connections with fresh ids, in the same round trips and one transaction;
//   (b) a bare ASP.NET endpoint doing one INSERT of the request's JSON;
//   (c) a bare ASP.NET endpoint writing by hand the rows the service writes: the same replay behind the same HTTP/JSON;
//   the service: Kestrel, authentication, rate limiting, strict JSON, validation, Wolverine, Marten, token minting.
// One process, one PostgreSQL, loopback; per operation and client count the four run back to back.
public static class WriteMatrix
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task RunAsync(string[] operations, int[] clientCounts, string[] targets, TimeSpan duration, int repeats, string[] withoutIndexesOf,
        string[] variants, bool sqlStatistics, bool walDetail = false)
    {
        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {duration.TotalSeconds:F0} s per figure after a {duration.TotalSeconds / 5:F0} s warm-up; " +
            $"{Environment.ProcessorCount} cores seen by .NET");
        Console.WriteLine($"PostgreSQL settings: {await SettingsAsync(await postgres.CreateDatabaseAsync("postgres"))}");

        var serviceDatabase = await postgres.CreateDatabaseAsync("bench_talentpool");
        var capture = new SqlCapture();
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        await using var service = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseSolutionRelativeContentRoot("src/TalentPool");
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:TalentPool", serviceDatabase);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            host.UseSetting("urls", "http://127.0.0.1:0");
            // One client address sends every request: the per-address registration limit would refuse them.
            host.UseSetting("RateLimits:RegistrationsPerMinute", int.MaxValue.ToString());
            host.ConfigureServices(services => services.ConfigureMarten(options => options.Logger(capture)));
        });
        service.UseKestrel(0);
        service.StartServer();
        capture.Http = service.Services.GetRequiredService<IHttpContextAccessor>();
        var serviceAddress = new Uri(service.ClientOptions.BaseAddress, "/");
        var tokens = service.Services.GetRequiredService<TokenIssuer>();
        var store = service.Services.GetRequiredService<IDocumentStore>();
        using var serviceClient = new HttpClient { BaseAddress = serviceAddress };

        // What a hire needs: a region with a member partner, and talents (the registrations' own, one per hire).
        var (regionId, partnerId) = await SeedRegionAsync(serviceClient, tokens.Issue(Roles.Admin, null, name: "bench-admin"));
        var recruiter = tokens.Issue(Roles.Recruiter, regionId, name: "bench-recruiter");
        var talents = new ConcurrentQueue<Guid>();

        // The SQL of one registration and one hire, as the service sends it once running: a registration first, so that
        // what a node reads once and remembers (the region's existence, Regions/KnownRegions.cs) is not in the replays.
        talents.Enqueue(await RegisterAsync(serviceClient, Registrations.Next()) ?? throw new InvalidOperationException("warm-up: registration refused"));
        var captured = Registrations.Next();
        capture.Arm("/api/v1/talents");
        talents.Enqueue(await RegisterAsync(serviceClient, captured) ?? throw new InvalidOperationException("capture: registration refused"));
        var registrationSql = capture.Take();
        registrationSql.Swapped.Add(captured.Email);
        var hiredTalent = await RegisterAsync(serviceClient, Registrations.Next()) ?? throw new InvalidOperationException("capture: registration refused");
        var captureKey = Guid.NewGuid().ToString();
        capture.Arm("/api/v1/hires");
        if (!await HireAsync(serviceClient, recruiter, hiredTalent, partnerId, captureKey)) throw new InvalidOperationException("capture: hire refused");
        var hireSql = capture.Take();
        // The partner and region exist; the talent id is swapped too (one active hire per talent and partner), so the
        // replays read a talent that is not there: a primary-key miss instead of a hit.
        hireSql.Kept.UnionWith([partnerId, regionId]);
        hireSql.Swapped.Add(captureKey);
        // The idempotency claim is stored under an id derived from the key: the id the claim lookup asked for.
        hireSql.Swapped.AddRange(hireSql.RoundTrips.SelectMany(r => r)
            .Where(c => c.CommandText.Contains("wolverine_deduplicated_responses where deduplication_id = $1"))
            .Select(c => (string)c.Parameters[0].Value!));
        Console.WriteLine($"A registration, as the service sends it ({registrationSql.RoundTrips.Count} round trips, {registrationSql.Statements} statements):");
        Console.WriteLine(registrationSql.Describe());
        if (Environment.GetEnvironmentVariable("BENCH_SHOW_PARAMETERS") is not null) Console.WriteLine(registrationSql.Parameters() + "\n" + hireSql.Parameters());
        Console.WriteLine($"A hire, as the service sends it ({hireSql.RoundTrips.Count} round trips, {hireSql.Statements} statements):");
        Console.WriteLine(hireSql.Describe());

        // An experiment, not a configuration: what a table's secondary indexes cost the write (the service's reads need them).
        if (walDetail) walDetail = await WalBreakdown.EnsureAsync(serviceDatabase);
        foreach (var table in withoutIndexesOf) Console.WriteLine($"Dropped for this run: {await DropSecondaryIndexesAsync(serviceDatabase, table)}");

        var oneInsertDatabase = await postgres.CreateDatabaseAsync("bench_one_insert");
        await using var oneInsert = await BareEndpoint.OneInsertAsync(oneInsertDatabase);
        await using var handWritten = await BareEndpoint.HandWrittenAsync(serviceDatabase, registrationSql, captured.Email, hireSql);
        await using var replayDatabase = NpgsqlDataSource.Create(serviceDatabase);
        using var oneInsertClient = new HttpClient { BaseAddress = oneInsert.Address };
        using var handWrittenClient = new HttpClient { BaseAddress = handWritten.Address };

        // Talents to hire (one hire per talent): appended through the service's store in bulk, inline projections included.
        if (operations.Contains("hires")) await SeedTalentsAsync(store, regionId, talents, Number("TALENTPOOL_BENCH_TALENTS", 8_000));

        variants = await WriteVariants.ExpandAsync(serviceDatabase, variants);
        for (var repeat = 1; repeat <= repeats; repeat++)
        {
            foreach (var operation in operations)
            {
                var hires = operation == "hires";
                foreach (var clients in clientCounts)
                foreach (var variant in variants)
                {
                    await WriteVariants.ApplyAsync(serviceDatabase, variant);
                    Console.WriteLine($"\n{operation}, {clients} client{(clients == 1 ? "" : "s")}{(variant == WriteVariants.AsIs ? "" : $", {variant}")}"
                        + $"{(repeats > 1 ? $" (run {repeat} of {repeats})" : "")}; load average {WriteVariants.LoadAverage()}");
                    var figures = new Dictionary<string, Figures>();
                    async Task Measure(string target, string label, Func<Task<bool>> request)
                    {
                        if (!targets.Contains(target)) return;
                        // Each figure starts from a quiet system: the async projections have caught up with earlier writes.
                        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromMinutes(2));
                        // and the idle connections of the previous figure's pool are closed (PostgreSQL allows 100).
                        NpgsqlConnection.ClearAllPools();
                        if (sqlStatistics) await WriteVariants.ResetStatementStatisticsAsync(serviceDatabase);
                        var result = await LoadAsync(clients, duration, request, serviceDatabase, postgres.CpuSeconds);
                        figures[target] = result;
                        Console.WriteLine($"  {label,-44} {result}");
                        if (sqlStatistics && target is "a" or "service") Console.WriteLine(await WriteVariants.StatementStatisticsAsync(serviceDatabase));
                        if (walDetail && result.Requests > 0 && target != "b")
                            Console.WriteLine(await WalBreakdown.DescribeAsync(serviceDatabase, result.WalFrom, result.WalTo, result.Requests));
                    }

                    // A variant may replay a lighter shape of the request in (a) (`only:`, `without:`); (c) replays the request whole.
                    var replay = WriteVariants.Shape(hires ? hireSql : registrationSql, variant);
                    await Measure("a", "(a) PostgreSQL alone, the same SQL", async () =>
                    {
                        await replay.ExecuteAsync(replayDatabase);
                        return true;
                    });
                    await Measure("b", "(b) bare endpoint, one insert", () => hires
                        ? HireAsync(oneInsertClient, recruiter, Guid.NewGuid(), partnerId, Guid.NewGuid().ToString())
                        : Created(RegisterAsync(oneInsertClient, Registrations.Next())));
                    await Measure("c", "(c) bare endpoint, the same rows by hand", () => hires
                        ? HireAsync(handWrittenClient, recruiter, Guid.NewGuid(), partnerId, Guid.NewGuid().ToString())
                        : Created(RegisterAsync(handWrittenClient, Registrations.Next())));
                    await Measure("service", hires ? "service POST /api/v1/hires" : "service POST /api/v1/talents", async () =>
                    {
                        if (!hires)
                        {
                            if (await RegisterAsync(serviceClient, Registrations.Next()) is not { } talent) return false;
                            talents.Enqueue(talent);
                            return true;
                        }
                        return talents.TryDequeue(out var hired) && await HireAsync(serviceClient, recruiter, hired, partnerId, Guid.NewGuid().ToString());
                    });

                    if (figures.TryGetValue("a", out var alone) && figures.TryGetValue("b", out var one))
                    {
                        Console.WriteLine($"  (a)/(b) {100 * alone.PerSecond / one.PerSecond,3:F0} %");
                    }
                    if (figures.TryGetValue("service", out var measured))
                    {
                        string Ratio(string target) => figures.TryGetValue(target, out var baseline)
                            ? $"service/({target}) {100 * measured.PerSecond / baseline.PerSecond,3:F0} %" : "";
                        Console.WriteLine($"  {Ratio("c"),-20} {Ratio("b"),-20} {Ratio("a")}");
                    }
                }
                await WriteVariants.ApplyAsync(serviceDatabase, WriteVariants.AsIs);
            }
        }
    }

    private static int Number(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : fallback;

    private static async Task SeedTalentsAsync(IDocumentStore store, Guid regionId, ConcurrentQueue<Guid> talents, int count)
    {
        for (var done = 0; done < count; done += 500)
        {
            await using var session = store.LightweightSession(RegionTenancy.TenantOf(regionId));
            for (var i = 0; i < 500; i++)
            {
                var id = Guid.CreateVersion7();
                session.Events.StartStream<Talent>(id, TalentDecisions.Register(Registrations.Next(), id, DateTimeOffset.UtcNow));
                talents.Enqueue(id);
            }
            await session.SaveChangesAsync();
        }
    }

    private static async Task<bool> Created(Task<Guid?> request) => await request is not null;

    private static async Task<Guid?> RegisterAsync(HttpClient client, object registration)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/talents", registration, Json);
        var body = await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode == 201 ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : null;
    }

    private static async Task<bool> HireAsync(HttpClient client, string token, Guid talentId, Guid partnerId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hires")
        {
            Content = JsonContent.Create(new RecordHire(talentId, partnerId, DateOnly.FromDateTime(DateTime.UtcNow)), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode == 201;
    }

    private static async Task<(Guid Region, Guid Partner)> SeedRegionAsync(HttpClient client, string admin)
    {
        async Task<Guid> Post(string url, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: Json) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        }

        var county = await Post("/api/v1/counties", new { name = "Bench county", country = "NO", municipalityNumbers = new[] { "7001", "7002" } });
        var region = await Post("/api/v1/regions",
            new { name = "Bench region", countyId = county, country = "NO", currency = "NOK", municipalityNumbers = new[] { "7001" } });
        // Regions are tenants: the installation's administrator and anonymous registrations name the region.
        client.DefaultRequestHeaders.Add(RegionTenancy.HeaderName, region.ToString());
        var partner = await Post("/api/v1/partners", new
        {
            regionId = region, name = "Bench partner", organisationNumber = "912345678", employeeCount = 120, founding = false,
            joinedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-60),
        });
        return (region, partner);
    }

    private static async Task<string> DropSecondaryIndexesAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var find = new NpgsqlCommand(
            "select indexname from pg_indexes where schemaname = 'talentpool' and tablename = $1 and indexname not like 'pkey%'", connection))
        {
            find.Parameters.AddWithValue(table);
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"drop index talentpool.\"{name}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
        return $"{table}: {string.Join(", ", names)}";
    }

    private static async Task<string> SettingsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings where name in " +
            "('server_version','fsync','synchronous_commit','full_page_writes','shared_buffers','max_connections','wal_level','max_wal_size','work_mem')",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static int _reported;

    // The first failure of a run is shown, the rest counted.
    private static bool Report(Exception e)
    {
        Console.WriteLine($"  first failure: {(Environment.GetEnvironmentVariable("BENCH_SHOW_PARAMETERS") is null ? e.Message : e)}");
        return true;
    }

    private static async Task<Figures> LoadAsync(int clients, TimeSpan duration, Func<Task<bool>> request, string cluster, Func<double?> postgresCpu)
    {
        await RunAsync(clients, duration / 5, request); // warm-up: JIT, pools, caches
        // The write-ahead log the cluster wrote per request (rows, index entries, the commit; for the service its async daemon's
        // writes too): what the write shape costs PostgreSQL, independent of how busy the machine is.
        var walBefore = await WalPositionAsync(cluster);
        // This process's CPU per request (the service or bare endpoint, the load generator, and for the service its async
        // daemon): on a shared machine a steadier measure of what the stack costs than requests per second.
        // And the bytes it allocated per request: what the garbage collector pays for, the same on a busy machine as on a quiet one.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        // And PostgreSQL's own CPU per request (the throwaway cluster's processes): what the write shape costs the database's
        // cores, the (a)/(b) ratio's cause, steadier than req/s on a shared machine.
        var postgresBefore = postgresCpu();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var figures = await RunAsync(clients, duration, request);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var postgresAfter = postgresCpu();
        var walAfter = await WalPositionAsync(cluster);
        var wal = await WalBytesSinceAsync(cluster, walBefore);
        return figures with
        {
            WalFrom = walBefore,
            WalTo = walAfter,
            WalKbPerRequest = figures.Requests == 0 ? double.NaN : wal / 1024.0 / figures.Requests,
            CpuMsPerRequest = figures.Requests == 0 ? double.NaN : cpu.TotalMilliseconds / figures.Requests,
            PostgresCpuMsPerRequest = figures.Requests == 0 || postgresBefore is null || postgresAfter is null
                ? double.NaN : (postgresAfter.Value - postgresBefore.Value) * 1000 / figures.Requests,
            AllocatedKbPerRequest = figures.Requests == 0 ? double.NaN : allocated / 1024.0 / figures.Requests,
        };
    }

    private static async Task<string> WalPositionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_current_wal_insert_lsn()::text", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<double> WalBytesSinceAsync(string connectionString, string position)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::float8", connection);
        command.Parameters.AddWithValue(position);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Figures> RunAsync(int clients, TimeSpan duration, Func<Task<bool>> request)
    {
        var latencies = new ConcurrentBag<List<double>>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            latencies.Add(mine);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var succeeded = false;
                try { succeeded = await request(); }
                catch (Exception e) when (Interlocked.Increment(ref _reported) > 1 || Report(e)) { }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!succeeded) Interlocked.Increment(ref failures);
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToList();
        double Percentile(double p) => all.Count == 0 ? double.NaN : all[(int)Math.Min(all.Count - 1, Math.Ceiling(p * all.Count) - 1)];
        return new Figures((all.Count - failures) / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), failures)
        {
            Requests = all.Count - failures,
        };
    }

    private sealed record Figures(double PerSecond, double P50, double P95, double P99, int Failures)
    {
        public int Requests { get; init; }
        public double CpuMsPerRequest { get; init; }
        public double PostgresCpuMsPerRequest { get; init; } = double.NaN;
        public double AllocatedKbPerRequest { get; init; }
        public double WalKbPerRequest { get; init; }
        public string WalFrom { get; init; } = "";
        public string WalTo { get; init; } = "";

        public override string ToString() =>
            $"{PerSecond,7:F0} req/s   p50 {P50,6:F2} ms   p95 {P95,6:F2} ms   p99 {P99,6:F2} ms   CPU {CpuMsPerRequest,5:F2} ms/req" +
            (double.IsNaN(PostgresCpuMsPerRequest) ? "" : $"   PG CPU {PostgresCpuMsPerRequest,5:F2} ms/req") +
            $"   alloc {AllocatedKbPerRequest,6:F1} KB/req   WAL {WalKbPerRequest,5:F1} KB/req" +
            (Failures > 0 ? $"   {Failures} failed" : "");
    }
}
