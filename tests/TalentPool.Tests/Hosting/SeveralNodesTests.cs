using System.Diagnostics;
using Npgsql;
using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Two service nodes on one database, both taking writes: Wolverine runs each async projection on exactly one of them; when
/// one is killed outright under write load, the other takes its projections over within seconds and they keep advancing
/// there, nothing acknowledged is lost, nothing is applied twice, the read models equal a clean rebuild and no fee is
/// billed twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralNodesTests(TalentPoolFixture fixture, ITestOutputHelper output)
{
    private const int WritersPerNode = 4;
    private const int HiresBeforeTheKill = 60;
    // A node that joins waits StaleNodeTimeout + a beat (18 s) before the leader gives it projections (Program.cs); a dead
    // node is stale after 15 s and ejected two beats later. The rest of each bound is a loaded machine.
    private static readonly TimeSpan SpreadBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_one_of_two_nodes_is_killed_under_write_load_the_other_takes_its_projections_over_within_seconds_losing_and_repeating_nothing()
    {
        var total = Stopwatch.StartNew();
        var nodes = new ServiceNodes(await fixture.Postgres.CreateDatabaseAsync("talentpool_several_nodes"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var dataSource = NpgsqlDataSource.Create(nodes.ConnectionString);

        // 1. Two nodes on one database: the projections are spread over both, each assigned to one node.
        // One after the other: the first creates the schema.
        await using var first = await nodes.StartAsync();
        await using var second = await nodes.StartAsync();
        var ids = new Dictionary<ServiceProcess, Guid> { [first] = AsyncProjections.NodeIdOf(first), [second] = AsyncProjections.NodeIdOf(second) };
        using var firstClient = ServiceNodes.ClientOf(first);
        using var secondClient = ServiceNodes.ClientOf(second);
        var region = await WriteLoad.ArrangeRegionAsync(firstClient, nodes.InstallationAdmin(), today);
        ServiceNodes.NameRegion(secondClient, region.RegionId);
        var (admin, recruiter) = nodes.Tokens(region.RegionId);
        var spread = await AsyncProjections.WaitUntilAsync(dataSource, SpreadBound, "spread over both nodes", [first, second], async () =>
        {
            var assignments = await AsyncProjections.AssignmentsAsync(dataSource);
            return assignments.Count == AsyncProjections.Names.Length && ids.Values.All(id => assignments.ContainsValue(id))
                && assignments.Values.All(ids.ContainsValue);
        });
        await AsyncProjections.CatchUpAsync(dataSource, CatchUpBound, first, second);

        // 2. Writers on both nodes; the leader's node is killed while they write (the harder case: leadership moves too).
        var load = new WriteLoad(region, admin, recruiter, today, HiresBeforeTheKill);
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var writers = Enumerable.Range(0, WritersPerNode)
            .SelectMany(seed => new[]
            {
                Task.Run(() => load.WriteUntilStoppedAsync(firstClient, seed, stopFirst.Token)),
                Task.Run(() => load.WriteUntilStoppedAsync(secondClient, 100 + seed, stopSecond.Token)),
            }).ToArray();
        await load.EnoughHires.WaitAsync(TimeSpan.FromSeconds(60));
        var leader = await AsyncProjections.LeaderAsync(dataSource);
        var (victim, survivor, stopVictim, stopSurvivor) = leader == ids[second]
            ? (second, first, stopSecond, stopFirst) : (first, second, stopFirst, stopSecond);
        var survivorClient = victim == first ? secondClient : firstClient;
        var victimsProjections = (await AsyncProjections.AssignmentsAsync(dataSource)).Where(a => a.Value == ids[victim]).Select(a => a.Key).ToArray();
        var (killedAt, exitCode) = await victim.KillAsync();
        var diedAt = DateTime.UtcNow;
        var sinceTheKill = Stopwatch.StartNew();
        await stopVictim.CancelAsync();
        exitCode.ShouldBe(137, "the node must have died of SIGKILL (128 + 9), not stopped gracefully");

        // 3. The survivor runs every projection within seconds, and they advance there while its writers go on.
        await AsyncProjections.WaitUntilAsync(dataSource, TakeoverBound, "taken over by the surviving node", [survivor, victim], async () =>
            (await AsyncProjections.AssignmentsAsync(dataSource)) is var assignments
            && assignments.Count == AsyncProjections.Names.Length && assignments.Values.All(id => id == ids[survivor]));
        var takeover = sinceTheKill.Elapsed;
        var storedAtTakeover = await AsyncProjections.StoredAsync(dataSource);
        var advanced = await AsyncProjections.AdvancedBeyondAsync(dataSource, storedAtTakeover, CatchUpBound, survivor);
        await stopSurvivor.CancelAsync();
        await Task.WhenAll(writers);
        load.Unexpected.ShouldBeEmpty();

        // 4. Nothing lost, nothing twice, through the survivor and in the events.
        var acknowledged = load.AcknowledgedWrites;
        var inFlight = load.InFlightAt(victim.Address, killedAt);
        await AfterTheCrash.EveryAcknowledgedWriteIsThereAsync(survivorClient, dataSource, acknowledged, admin, recruiter);
        await AfterTheCrash.RetriesGetTheFirstAnswerAndAppendNothingAsync(survivorClient, dataSource, acknowledged);
        var inFlightHiresRecorded = await AfterTheCrash.InFlightWritesSentAgainAreRecordedAsync(survivorClient, dataSource, inFlight);
        await AfterTheCrash.NoEventIsDuplicatedAsync(dataSource, acknowledged, inFlight);
        var catchUp = await AsyncProjections.CatchUpAsync(dataSource, CatchUpBound, survivor);
        await AfterTheCrash.LedgerBillsEachHireOnceAsync(survivorClient, dataSource, admin, region.RegionId, acknowledged, today);

        // 5. No projection ever ran on both nodes at once, and what they built is what a clean rebuild gives.
        NodeLogs.EachAgentRanOnOneNodeAtATime([(first, first == victim ? diedAt : null), (second, second == victim ? diedAt : null)],
            NodeLogs.Marten, AsyncProjections.Names.Length + AsyncProjections.Subscriptions.Length);
        (await survivor.TerminateAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the surviving node stops when asked");
        var rebuild = await AfterTheCrash.ReadModelsEqualACleanRebuildAsync(nodes.ConnectionString);

        var count = (string kind) => acknowledged.Count(a => a.Write.Kind == kind);
        output.WriteLine($"Both nodes ran projections {spread.TotalSeconds:F1} s after the region was arranged; the killed node (the leader) " +
            $"ran {victimsProjections.Length} of {AsyncProjections.Names.Length}: {string.Join(", ", victimsProjections)}.");
        output.WriteLine($"Acknowledged ({2 * WritersPerNode} writers, half on each node): {count("registration")} registrations, {count("hire")} hires " +
            $"({load.RetriedDuringLoad} retried with their key during the load), {count("cancellation")} cancellations, {count("vacancy")} vacancies; " +
            $"{inFlight.Length} writes in flight at the kill ({inFlightHiresRecorded} hires of them recorded).");
        output.WriteLine($"Takeover: every async projection ran on the surviving node {takeover.TotalSeconds:F1} s after the kill; " +
            $"all had advanced beyond event {storedAtTakeover} {advanced.TotalSeconds:F1} s later, and caught up {catchUp.TotalSeconds:F1} s after the writes; " +
            $"12 read models rebuilt and equal in {rebuild.TotalSeconds:F1} s; whole test {total.Elapsed.TotalSeconds:F1} s.");
    }
}
