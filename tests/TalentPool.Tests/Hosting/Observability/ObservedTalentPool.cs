using TalentPool.Regions;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Trace;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;
using Wolverine;

namespace TalentPool.Tests.Hosting.Observability;

/// <summary>
/// The whole service on a database of its own, with an in-memory span exporter added to its tracing and its log lines
/// captured as the JSON format writes them (<see cref="JsonLogLines"/>). Also for metrics: the OpenTelemetry SDK listens to
/// every meter of the process by name, so when another test's host is disposed, metric streams of the same names stop in
/// the shared host's export too; a host of the test's own counts only what the test did.
/// </summary>
public sealed class ObservedTalentPool : IAsyncDisposable
{
    private ObservedTalentPool(IAlbaHost host, List<Activity> spans, CapturedJsonLogs logs, TestRegions regions)
    {
        Host = host;
        Regions = regions;
        _spans = spans;
        Logs = logs;
    }

    private readonly List<Activity> _spans;
    public IAlbaHost Host { get; }
    public TestRegions Regions { get; }
    public CapturedJsonLogs Logs { get; }
    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public IQuerySession RegionSession() => Regions.QuerySession(Store);

    public static async Task<ObservedTalentPool> StartAsync(TalentPoolFixture fixture)
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("talentpool_observed");
        var spans = new List<Activity>();
        var logs = new CapturedJsonLogs();
        TestRegions regions = null!;
        var host = await AlbaHost.For<Program>(host =>
        {
            host.UseSetting("ConnectionStrings:TalentPool", connectionString);
            host.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            host.ConfigureTestServices(services =>
            {
                services.RunWolverineInSoloMode();
                regions = TestRegions.AddTo(services, connectionString);
                services.DisableAllExternalWolverineTransports();
                // As with an OTLP collector configured: every span sampled, here into memory.
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans));
                services.AddSingleton<ILoggerProvider>(logs);
            });
        });
        var pool = new ObservedTalentPool(host, spans, logs, regions);
        // One region, which the talents of a test register in (TestRegions names it).
        var county = await pool.PostAsync("/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403", "3405"]));
        await pool.PostAsync("/api/v1/regions", new RegisterRegion("Hamarregionen", county, "NO", "NOK", ["3403"]));
        return pool;
    }

    /// <summary>The spans of one trace, once a span matching <paramref name="until"/> has ended (the server's ends after its answer is sent).</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId, Func<Activity, bool> until)
    {
        List<Activity> Spans()
        {
            lock (_spans) return _spans.Where(span => span.TraceId == traceId).ToList();
        }
        SpinWait.SpinUntil(() => Spans().Any(until), TimeSpan.FromSeconds(10));
        return Spans();
    }

    public string TokenFor(string role, Guid? id = null) =>
        Regions.TokenFor(new TokenIssuer(Host.Services.GetRequiredService<SymmetricSecurityKey>(), TimeProvider.System), role, id, null);

    /// <summary>Posts as an admin (or the given token; "" for none) and answers the new resource's id.</summary>
    public async Task<Guid> PostAsync(string url, object body, string? token = null, string? idempotencyKey = null, int status = 201)
    {
        var result = await Host.Scenario(s =>
        {
            s.As(token ?? TokenFor(Roles.Admin)).Post.Json(body).ToUrl(url);
            Regions.SendToRegionOf(s, body);
            if (idempotencyKey is not null) s.WithRequestHeader("Idempotency-Key", idempotencyKey);
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Log lines as <see cref="JsonLogLines"/> writes them to the console.</summary>
public sealed class CapturedJsonLogs : ILoggerProvider
{
    private readonly JsonLogLines _format = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() { }

    private sealed class Logger(string category, CapturedJsonLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var line = new StringWriter();
            logs._format.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, line);
            logs._lines.Enqueue(line.ToString());
        }
    }
}
