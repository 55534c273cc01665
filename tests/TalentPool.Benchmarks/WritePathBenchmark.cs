using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;

namespace TalentPool.Benchmarks;

// Write-path benchmark: talent registrations through the whole TalentPool service (Kestrel, JWT
// pipeline, validation, Wolverine, Marten: event + inline read model + unique e-mail index) against
// a bare ASP.NET endpoint that inserts the same JSON with raw Npgsql. Same machine, same PostgreSQL,
// same HTTP client, loopback only, a fixed number of requests.
public static class WritePathBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        // `--scenario statements`: statement read latency against a region's history (StatementReadBenchmark).
        if (Text("--scenario", "registrations") == "statements")
        {
            await StatementReadBenchmark.RunAsync(Argument("--reads", 200), Text("--sizes", "0,1000,5000,15000"), Text("--kinds", "both"));
            return 0;
        }
        // `--scenario soak`: bounded mixed traffic at a fixed rate; exits 1 unless memory and latency stay flat (SoakBenchmark).
        if (Text("--scenario", "registrations") == "soak")
        {
            return await SoakBenchmark.RunAsync(
                double.Parse(Text("--minutes", "10"), System.Globalization.CultureInfo.InvariantCulture), Argument("--rate", 50));
        }

        var requests = Argument("--requests", 4000);
        var concurrency = Argument("--concurrency", 16);

        await using var postgres = await BenchmarkPostgres.StartAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Description}; {requests} requests per run, {concurrency} concurrent, after {requests / 10} warm-up requests");

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

        // Baseline: the least a registration can cost — parse JSON, one INSERT, 201.
        var baselineDatabase = await postgres.CreateDatabaseAsync("bench_baseline");
        await using (var baseline = await BareEndpoint.StartAsync(baselineDatabase))
        {
            await Measure("bare ASP.NET + raw Npgsql insert", baseline.Address, baselineDatabase);
        }

        // The service's Main hands its arguments to the JasperFx command line; under a test host they are settings, so just run.
        JasperFx.CommandLine.JasperFxEnvironment.AutoStartHost = true;
        var talentPoolDatabase = await postgres.CreateDatabaseAsync("bench_talentpool");
        await using (var service = new WebApplicationFactory<global::Program>().WithWebHostBuilder(host =>
        {
            host.UseSolutionRelativeContentRoot("src/TalentPool");
            host.UseEnvironment("Production");
            host.UseSetting("ConnectionStrings:TalentPool", talentPoolDatabase);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.UseSetting("Logging:LogLevel:Default", "Warning");
            // One client address sends every request: the per-address registration limit would refuse them.
            host.UseSetting("RateLimits:RegistrationsPerMinute", int.MaxValue.ToString());
        }))
        {
            service.UseKestrel(0);
            service.StartServer();
            var address = new Uri(service.ClientOptions.BaseAddress, "/");
            await Measure("TalentPool POST /api/v1/talents", address, talentPoolDatabase);
        }
        return 0;

        async Task Measure(string name, Uri address, string database)
        {
            using var client = new HttpClient { BaseAddress = address };
            await Run(client, requests / 10); // warm-up: JIT, pools, caches
            var xidBefore = await NextTransactionId(database);
            var (elapsed, latencies, failures) = await Run(client, requests);
            // Each write transaction takes one transaction id; reading the next id takes none.
            var writeTransactions = await NextTransactionId(database) - xidBefore;

            latencies.Sort();
            double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
            Console.WriteLine(
                $"{name,-36} {requests / elapsed.TotalSeconds,8:F0} req/s   p50 {Percentile(0.50),6:F2} ms   p95 {Percentile(0.95),6:F2} ms   " +
                $"p99 {Percentile(0.99),6:F2} ms   {(double)writeTransactions / requests:F2} write transactions/request   {failures} failed");
        }

        async Task<(TimeSpan Elapsed, List<double> Latencies, int Failures)> Run(HttpClient client, int count)
        {
            var latencies = new List<double>(count);
            var failures = 0;
            var next = -1;
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.PostAsJsonAsync("/api/v1/talents", Registrations.Next(), json);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies) latencies.Add(elapsed);
                    if ((int)response.StatusCode != 201) Interlocked.Increment(ref failures);
                }
            }));
            return (total.Elapsed, latencies, failures);
        }

        static async Task<long> NextTransactionId(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        string Text(string name, string fallback) =>
            Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;

        int Argument(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
        }
    }
}
