using System.Diagnostics;
using Npgsql;
using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Tests.Infrastructure;
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
    private const int Writers = 8;
    private const int HiresBeforeTheKill = 60;
    // A node that starts waits StaleNodeTimeout + a beat (18 s) before it takes projections (Program.cs); the rest is a loaded machine.
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_service_killed_under_write_load_loses_no_acknowledged_write_duplicates_nothing_and_bills_each_hire_once()
    {
        var total = Stopwatch.StartNew();
        var nodes = new ServiceNodes(await fixture.Postgres.CreateDatabaseAsync("talentpool_service_crash"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // 1. Under load, killed, while the daemon projects: it ran the async projections before the load started.
        await using var dataSource = NpgsqlDataSource.Create(nodes.ConnectionString);
        await using var crashed = await nodes.StartAsync();
        using var client = ServiceNodes.ClientOf(crashed);
        var region = await WriteLoad.ArrangeRegionAsync(client, nodes.InstallationAdmin(), today);
        var (admin, recruiter) = nodes.Tokens(region.RegionId);
        var firstCatchUp = await AsyncProjections.CatchUpAsync(dataSource, CatchUpBound, crashed);
        var load = new WriteLoad(region, admin, recruiter, today, HiresBeforeTheKill);
        using var stop = new CancellationTokenSource();
        var loadTime = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(seed => Task.Run(() => load.WriteUntilStoppedAsync(client, seed, stop.Token))).ToArray();
        await load.EnoughHires.WaitAsync(TimeSpan.FromSeconds(60));
        // Killed while the writers keep sending; once it is dead they stop (a write sent before is in flight, one after never sent).
        var (killedAt, exitCode) = await crashed.KillAsync();
        await stop.CancelAsync();
        loadTime.Stop();
        await Task.WhenAll(writers);
        var inFlight = load.InFlightAt(crashed.Address, killedAt);
        exitCode.ShouldBe(137, "the service must have died of SIGKILL (128 + 9), not stopped gracefully");
        load.Unexpected.ShouldBeEmpty();
        var (projectedAtTheKill, storedAtTheKill) = await AsyncProjections.ProjectedAndStoredAsync(dataSource);

        // 2. Started again on the same database: the read models catch up by themselves.
        var restart = Stopwatch.StartNew();
        await using var restarted = await nodes.StartAsync();
        var startTime = restart.Elapsed;
        using var restartedClient = ServiceNodes.ClientOf(restarted);
        ServiceNodes.NameRegion(restartedClient, region.RegionId);
        var catchUp = await AsyncProjections.CatchUpAsync(dataSource, CatchUpBound, restarted);
        var acknowledged = load.AcknowledgedWrites;

        // 3. Every acknowledged write is there; sent again with its key, each registration or hire gets its first answer
        // and appends nothing; each write in flight at the kill, sent again, is recorded; no event is there twice.
        await AfterTheCrash.EveryAcknowledgedWriteIsThereAsync(restartedClient, dataSource, acknowledged, admin, recruiter);
        await AfterTheCrash.RetriesGetTheFirstAnswerAndAppendNothingAsync(restartedClient, dataSource, acknowledged);
        var inFlightHiresRecorded = await AfterTheCrash.InFlightWritesSentAgainAreRecordedAsync(restartedClient, dataSource, inFlight);
        await AfterTheCrash.NoEventIsDuplicatedAsync(dataSource, acknowledged, inFlight);

        // 4. The async projections catch up, each hire is billed once, and what the projections built is what a clean rebuild gives.
        var catchUpAfterRetries = await AsyncProjections.CatchUpAsync(dataSource, CatchUpBound, restarted);
        await AfterTheCrash.LedgerBillsEachHireOnceAsync(restartedClient, dataSource, admin, region.RegionId, acknowledged, today);
        (await restarted.TerminateAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the service stops when asked");
        var rebuild = await AfterTheCrash.ReadModelsEqualACleanRebuildAsync(nodes.ConnectionString);

        var count = (string kind) => acknowledged.Count(a => a.Write.Kind == kind);
        var inFlightCount = (string kind) => inFlight.Count(w => w.Kind == kind);
        output.WriteLine($"First start: every async projection ran {firstCatchUp.TotalSeconds:F1} s after ready.");
        output.WriteLine($"Acknowledged before the kill ({loadTime.Elapsed.TotalSeconds:F1} s of load, {Writers} writers): {count("registration")} registrations, " +
            $"{count("hire")} hires ({load.RetriedDuringLoad} retried with their key during the load), {count("cancellation")} cancellations, {count("vacancy")} vacancies.");
        output.WriteLine($"In flight at the kill (no answer): {inFlightCount("registration")} registrations, {inFlightCount("hire")} hires " +
            $"({inFlightHiresRecorded} of them recorded), {inFlightCount("cancellation")} cancellations, {inFlightCount("vacancy")} vacancies.");
        output.WriteLine($"At the kill the slowest async projection had reached event {projectedAtTheKill} of {storedAtTheKill}. " +
            $"Restart to ready: {startTime.TotalSeconds:F1} s; every async projection caught up {catchUp.TotalSeconds:F1} s after ready " +
            $"({catchUpAfterRetries.TotalSeconds:F1} s after the retries); 12 read models rebuilt and equal in {rebuild.TotalSeconds:F1} s; " +
            $"whole test {total.Elapsed.TotalSeconds:F1} s.");
    }
}
