namespace TalentPool.Hosting;

/// <summary>
/// A stop request (SIGTERM, Ctrl+C) ends the process within a bound, whatever a component does meanwhile:
/// hosted services get <see cref="GracePeriod"/> to finish their work, and should one ignore its cancellation
/// (a background agent retrying an unreachable database, say), the process exits anyway shortly after,
/// saying so. An orchestrator can rely on the bound instead of escalating to SIGKILL.
/// </summary>
public static class BoundedShutdown
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HardLimit = GracePeriod + TimeSpan.FromSeconds(5);

    public static void AddBoundedShutdown(this WebApplicationBuilder builder) =>
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = GracePeriod);

    public static void UseBoundedShutdown(this WebApplication app)
    {
        // A clean stop (every host in the test suite, and nearly every real one) cancels the watchdog.
        var stopped = new CancellationTokenSource();
        app.Lifetime.ApplicationStopped.Register(stopped.Cancel);
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TalentPool.Shutdown");
            _ = Task.Delay(HardLimit, stopped.Token).ContinueWith(waited =>
            {
                if (waited.IsCanceled) return;
                logger.LogWarning("The service did not stop within {Limit} s; exiting without waiting further.", HardLimit.TotalSeconds);
                Environment.Exit(1);
            }, TaskScheduler.Default);
        });
    }
}
