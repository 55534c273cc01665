using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Metrics;

namespace TalentPool.Tests.Infrastructure;

/// <summary>
/// How long a test host's <c>waitForWrites=true</c> waits for the async projections. A reader waits until a projection
/// reflects every event its database held when the request came: in the shared test database that is every test's events,
/// so on a loaded machine (seven builds on two cores) the daemon can lag those by more than the 5 s a production reader
/// waits, and a test asserting <c>Reached</c> failed by the machine's load, not by the code. Tests wait as long as their other
/// bounds on the daemon (60 s); a test of the timeout itself builds its own <see cref="ReadModelProgress"/>.
/// </summary>
public static class TestReadModelWaits
{
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    public static void AddTo(IServiceCollection services) =>
        services.AddSingleton(provider => new ReadModelProgress(provider.GetRequiredService<NpgsqlDataSource>()) { LongestWait = LongestWait });
}
