using System.Diagnostics;
using Npgsql;
using TalentPool.Tests.Hosting.Crashes;
using TalentPool.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Two service nodes with a region configured in a database of its own (<c>Regions__Databases__&lt;id&gt;</c>): Wolverine runs
/// an agent per (database, async projection), each on one node; when the node running the region database's projections is
/// killed outright while both nodes take the region's writes, the other node takes them over and they keep advancing in the
/// region's database, nothing acknowledged is lost, nothing is applied twice, and that database's read models equal a clean
/// rebuild. The checks of <see cref="SeveralNodesTests"/> (one database), with a smaller load: registrations, hires (a quarter sent
/// twice with their idempotency key, claimed in the region's database), cancellations and vacancies.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralNodesWithARegionDatabaseTests(TalentPoolFixture fixture, ITestOutputHelper output)
{
    private const int WritersPerNode = 2;
    private const int HiresBeforeTheKill = 40;
    private static readonly TimeSpan SpreadBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_the_node_running_a_region_databases_projections_is_killed_under_write_load_the_other_node_takes_them_over_losing_and_repeating_nothing()
    {
        var total = Stopwatch.StartNew();
        var shared = await fixture.Postgres.CreateDatabaseAsync("talentpool_nodes_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("talentpool_nodes_region");
        var ownName = new NpgsqlConnectionStringBuilder(own).Database!;
        var regionId = Guid.CreateVersion7();
        var number = Api.UniqueNumber();
        await RegionDatabaseStores.RegisterRegionAsync(shared, own, regionId, [number]);
        var nodes = new ServiceNodes(shared);
        var setting = new Dictionary<string, string> { [RegionDatabaseStores.EnvironmentVariableOf(regionId)] = own };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Wolverine's nodes and assignments are in the shared (main) database; the region's events and progress in its own.
        await using var sharedSource = NpgsqlDataSource.Create(shared);
        await using var regionSource = NpgsqlDataSource.Create(own);

        // 1. Two nodes, both configured with the region's database: every agent of both databases assigned, on both nodes.
        await using var first = await nodes.StartAsync(setting);
        await using var second = await nodes.StartAsync(setting);
        var ids = new Dictionary<ServiceProcess, Guid> { [first] = AsyncProjections.NodeIdOf(first), [second] = AsyncProjections.NodeIdOf(second) };
        using var firstClient = ServiceNodes.ClientOf(first);
        using var secondClient = ServiceNodes.ClientOf(second);
        ServiceNodes.NameRegion(firstClient, regionId);
        ServiceNodes.NameRegion(secondClient, regionId);
        var (admin, recruiter) = nodes.Tokens(regionId);
        var region = await WriteLoad.ArrangeMembersAsync(firstClient, admin, regionId, number, today);
        var agentsPerDatabase = AsyncProjections.Names.Length + AsyncProjections.Subscriptions.Length;
        var spread = await AsyncProjections.WaitUntilAsync(sharedSource, SpreadBound, "assigned for both databases, over both nodes", [first, second], async () =>
        {
            var agents = await AsyncProjections.AgentsAsync(sharedSource);
            return agents.Count == 2 * agentsPerDatabase && agents.Keys.Count(agent => AsyncProjections.IsOfDatabase(agent, ownName)) == agentsPerDatabase
                && ids.Values.All(agents.ContainsValue) && agents.Values.All(ids.ContainsValue);
        });
        await AsyncProjections.CatchUpAsync(regionSource, CatchUpBound, first, second);

        // 2. Writers on both nodes into the region; the node running most of the region database's agents is killed.
        // Hires with their idempotency keys, claimed in the region's database (Hosting/Idempotency/RegionDatabaseClaims.cs).
        var load = new WriteLoad(region, admin, recruiter, today, HiresBeforeTheKill);
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var writers = Enumerable.Range(0, WritersPerNode)
            .SelectMany(seed => new[]
            {
                Task.Run(() => load.WriteUntilStoppedAsync(firstClient, seed, stopFirst.Token)),
                Task.Run(() => load.WriteUntilStoppedAsync(secondClient, 100 + seed, stopSecond.Token)),
            }).ToArray();
        if (await Task.WhenAny(load.EnoughHires, Task.Delay(TimeSpan.FromSeconds(90))) != load.EnoughHires)
        {
            throw new ShouldAssertException($"{HiresBeforeTheKill} hires were not acknowledged within 90 s: {load.AcknowledgedWrites.Length} writes were; " +
                $"unexpected answers: {string.Join(" | ", load.Unexpected.Take(3))}{Environment.NewLine}{FirstFailure(first)}{Environment.NewLine}{FirstFailure(second)}");
        }
        var regionAgents = (await AsyncProjections.AgentsAsync(sharedSource)).Where(agent => AsyncProjections.IsOfDatabase(agent.Key, ownName)).ToList();
        var (victim, survivor, stopVictim, stopSurvivor) = regionAgents.Count(agent => agent.Value == ids[second]) > regionAgents.Count / 2
            ? (second, first, stopSecond, stopFirst) : (first, second, stopFirst, stopSecond);
        var survivorClient = victim == first ? secondClient : firstClient;
        var victimsAgents = regionAgents.Count(agent => agent.Value == ids[victim]);
        victimsAgents.ShouldBeGreaterThan(0, "the node killed runs projections of the region's database");
        var (killedAt, exitCode) = await victim.KillAsync();
        var diedAt = DateTime.UtcNow;
        var sinceTheKill = Stopwatch.StartNew();
        await stopVictim.CancelAsync();
        exitCode.ShouldBe(137, "the node must have died of SIGKILL (128 + 9), not stopped gracefully");

        // 3. The survivor runs every agent of both databases, and the region database's projections advance there.
        await AsyncProjections.WaitUntilAsync(sharedSource, TakeoverBound, "taken over by the surviving node", [survivor, victim], async () =>
            (await AsyncProjections.AgentsAsync(sharedSource)) is var agents
            && agents.Count == 2 * agentsPerDatabase && agents.Values.All(id => id == ids[survivor]));
        var takeover = sinceTheKill.Elapsed;
        var storedAtTakeover = await AsyncProjections.StoredAsync(regionSource);
        var advanced = await AsyncProjections.AdvancedBeyondAsync(regionSource, storedAtTakeover, CatchUpBound, survivor);
        await stopSurvivor.CancelAsync();
        await Task.WhenAll(writers);
        load.Unexpected.ShouldBeEmpty();

        // 4. Nothing lost, nothing twice: through the survivor, and in the region's database (the shared one holds none of it).
        var acknowledged = load.AcknowledgedWrites;
        var inFlight = load.InFlightAt(victim.Address, killedAt);
        await AfterTheCrash.EveryAcknowledgedWriteIsThereAsync(survivorClient, regionSource, acknowledged, admin, recruiter);
        // Keyed writes (claimed in the region's database) sent again: the first answer, nothing appended; in flight: recorded once.
        await AfterTheCrash.RetriesGetTheFirstAnswerAndAppendNothingAsync(survivorClient, regionSource, acknowledged);
        await AfterTheCrash.InFlightWritesSentAgainAreRecordedAsync(survivorClient, regionSource, inFlight);
        await AfterTheCrash.NoEventIsDuplicatedAsync(regionSource, acknowledged, inFlight);
        (await AfterTheCrash.ScalarAsync(sharedSource, "select count(*) from talentpool.mt_events where tenant_id = $1", regionId.ToString()))
            .ShouldBe(0, "nothing of the region in the shared database");
        var catchUp = await AsyncProjections.CatchUpAsync(regionSource, CatchUpBound, survivor);
        await AfterTheCrash.LedgerBillsEachHireOnceAsync(survivorClient, regionSource, admin, regionId, acknowledged, today);

        // 5. No agent ever ran on two nodes at once, and the region database's read models are what a clean rebuild gives.
        NodeLogs.EachAgentRanOnOneNodeAtATime([(first, first == victim ? diedAt : null), (second, second == victim ? diedAt : null)],
            NodeLogs.Wolverine, 2 * agentsPerDatabase);
        (await survivor.TerminateAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the surviving node stops when asked");
        var rebuild = await AfterTheCrash.ReadModelsEqualACleanRebuildAsync(own);

        var count = (string kind) => acknowledged.Count(a => a.Write.Kind == kind);
        output.WriteLine($"Both databases' agents assigned over both nodes {spread.TotalSeconds:F1} s after the region's members were arranged; " +
            $"the killed node ran {victimsAgents} of the region database's {agentsPerDatabase} agents.");
        output.WriteLine($"Acknowledged ({2 * WritersPerNode} writers, half on each node): {count("registration")} registrations, {count("hire")} hires " +
            $"({load.RetriedDuringLoad} retried with their key during the load), {count("cancellation")} cancellations, " +
            $"{count("vacancy")} vacancies; {inFlight.Length} writes in flight at the kill.");
        output.WriteLine($"Takeover: every agent of both databases on the surviving node {takeover.TotalSeconds:F1} s after the kill; the region " +
            $"database's projections had advanced beyond event {storedAtTakeover} {advanced.TotalSeconds:F1} s later, and caught up {catchUp.TotalSeconds:F1} s " +
            $"after the writes; its read models rebuilt and equal in {rebuild.TotalSeconds:F1} s; whole test {total.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>A node's first logged failure, with the lines after it (the exception).</summary>
    private static string FirstFailure(ServiceProcess node) =>
        string.Join(Environment.NewLine, node.Log().SkipWhile(line => !line.Contains("fail:", StringComparison.Ordinal)).Take(40));
}
