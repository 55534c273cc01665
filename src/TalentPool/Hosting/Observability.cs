using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TalentPool.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics of HTTP, Wolverine, Marten and Npgsql, the business metrics
/// (<see cref="BusinessMetrics"/>, <see cref="ProjectionLagGauges"/>), the Prometheus scrape endpoint and the log format.
/// Nothing leaves the process unless configured: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> turns on the OTLP export of traces,
/// metrics and logs; Prometheus pulls <c>/metrics</c>.
/// </summary>
public static class Observability
{
    public const string ServiceName = "talentpool";
    public const string MetricsPath = "/metrics";

    // The names the Critter Stack emits under (checked in Wolverine 6.62 / Marten 9.58): Wolverine traces under
    // "Wolverine" and meters under "Wolverine:<service name>"; Marten (and its async daemon, JasperFx.Events) under "Marten".
    private static readonly string[] ActivitySources = ["Wolverine", "Marten"];
    private static readonly string[] Meters = ["Wolverine:*", "Marten", BusinessMetrics.MeterName];

    public static void AddTalentPoolObservability(this WebApplicationBuilder builder)
    {
        builder.AddTalentPoolLogFormat();
        builder.Services.AddSingleton<BusinessMetrics>();
        builder.Services.AddSingleton<ProjectionLagGauges>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProjectionLagGauges>());
        builder.Services.ConfigureMarten((services, options) =>
        {
            // A span per session's connection (its commands are Npgsql's child spans) and a counter of appended events by type.
            options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            options.OpenTelemetry.TrackEventCounters();
            options.Listeners.Add(services.GetRequiredService<BusinessMetrics>());
        });

        var exportsOverOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing
                // Spans nobody receives are not worth making: without an exporter none is sampled, so Marten and Npgsql
                // make none (a request still has its trace id, which the logs and the audit trail carry).
                .SetSampler(exportsOverOtlp ? new ParentBasedSampler(new AlwaysOnSampler()) : new AlwaysOffSampler())
                // Probes and scrapes every few seconds would drown the traces of real requests.
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !IsManagementPath(context.Request.Path))
                .AddSource(ActivitySources)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters)
                // Prometheus scrapes every 15 s; an answer cached for 300 ms (the exporter's default) would only make a
                // scrape right after a change read the old figures.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (exportsOverOtlp) telemetry.UseOtlpExporter();
    }

    /// <summary>
    /// <c>/metrics</c> for Prometheus, without a token. With <c>Observability:MetricsPort</c> set (the deploy files set
    /// 9464) it answers only on that port, which no Service or Ingress exposes, and that port answers only
    /// <c>/metrics</c> and the health checks; without it, on the service's own listener (loopback by default).
    /// </summary>
    public static void UseTalentPoolObservability(this WebApplication app)
    {
        var managementPort = app.Configuration.GetValue<int?>("Observability:MetricsPort");
        if (managementPort is { } port)
        {
            app.Use((http, next) =>
            {
                var onManagementPort = http.Connection.LocalPort == port;
                var isMetrics = http.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase);
                if (onManagementPort == isMetrics || IsHealthPath(http.Request.Path)) return next(http);
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
            app.Lifetime.ApplicationStarted.Register(() => WarnUnlessListeningOn(port, app));
        }
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
        app.UseRequestLog();
    }

    /// <summary>The management port is only an address filter: Kestrel must listen on it too (<c>ASPNETCORE_HTTP_PORTS=8080;9464</c>).</summary>
    private static void WarnUnlessListeningOn(int port, WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.Count == 0 || addresses.Any(address => BindingAddress.Parse(address).Port == port)) return;
        app.Logger.LogWarning("Observability:MetricsPort is {Port}, but the service listens only on {Addresses}: /metrics answers nowhere",
            port, string.Join(", ", addresses));
    }

    internal static bool IsManagementPath(PathString path) =>
        path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase) || IsHealthPath(path);

    private static bool IsHealthPath(PathString path) => path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
