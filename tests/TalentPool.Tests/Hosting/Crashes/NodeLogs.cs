using System.Globalization;
using System.Text.RegularExpressions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>What the nodes' own logs (timed by each node) say about where the async projections ran.</summary>
public static class NodeLogs
{
    /// <summary>The lines that say an agent started or stopped on the node, and how to read the agents a line names.</summary>
    public sealed record Markers(string Started, string Stopped, Func<string, IEnumerable<string>> AgentsIn);

    /// <summary>Marten's daemon: "Started projection agent Name:All" (the projection's shard; the line does not name the database).</summary>
    public static readonly Markers Marten = new("Started projection agent ", "Stopped projection agent ", rest => [rest.Split(' ')[0]]);

    /// <summary>
    /// Wolverine's agents: "Successfully started agent event-subscriptions://marten/main/{database}/{name}/all on Node 1" (or
    /// "agents [...]" for several at once) — an agent per projection and database, for a store of several databases.
    /// </summary>
    public static readonly Markers Wolverine = new("Successfully started agent", "Successfully stopped agent",
        rest => Regex.Matches(rest, @"event-subscriptions://[^\s,\]\)]+").Select(match => match.Value));

    /// <summary>
    /// The spans in which each node ran each agent, from its started line to its stopped line (or the node's death); no two
    /// nodes' spans of one agent overlap, all <paramref name="agentCount"/> agents ran somewhere, and Wolverine never reported an
    /// agent running on two nodes.
    /// </summary>
    public static void EachAgentRanOnOneNodeAtATime(IReadOnlyList<(ServiceProcess Node, DateTime? DiedAt)> nodes, Markers markers, int agentCount)
    {
        var spans = new List<(string Agent, int Node, DateTime From, DateTime To)>();
        for (var node = 0; node < nodes.Count; node++)
        {
            var log = nodes[node].Node.Log();
            log.ShouldNotContain(line => line.Contains("Detected duplicate agent", StringComparison.Ordinal), $"node {node + 1} saw an agent on two nodes");
            var running = new Dictionary<string, DateTime>();
            foreach (var line in log)
            {
                if (TryRead(line, markers.Started, markers.AgentsIn, out var at, out var agents))
                {
                    foreach (var agent in agents) running[agent] = at;
                }
                else if (TryRead(line, markers.Stopped, markers.AgentsIn, out at, out agents))
                {
                    foreach (var agent in agents)
                    {
                        if (running.Remove(agent, out var from)) spans.Add((agent, node, from, at));
                    }
                }
            }
            spans.AddRange(running.Select(open => (open.Key, node, open.Value, nodes[node].DiedAt ?? DateTime.MaxValue)));
        }
        spans.Select(span => span.Agent).Distinct().Count().ShouldBe(agentCount, "every async projection and event subscription ran somewhere");
        var overlaps = spans.SelectMany(a => spans.Where(b => a.Agent == b.Agent && a.Node < b.Node && a.From < b.To && b.From < a.To)
            .Select(b => $"{a.Agent}: node {a.Node + 1} {a.From:O}–{a.To:O}, node {b.Node + 1} {b.From:O}–{b.To:O}")).ToArray();
        overlaps.ShouldBeEmpty("each async projection and event subscription runs on one node at a time");
    }

    private static bool TryRead(string line, string marker, Func<string, IEnumerable<string>> agentsIn, out DateTime at, out List<string> agents)
    {
        var index = line.IndexOf(marker, StringComparison.Ordinal);
        (at, agents) = (default, []);
        if (index < 0 || line.Length < AsyncProjections.TimestampFormat.Length) return false;
        agents = [.. agentsIn(line[(index + marker.Length)..])];
        if (agents.Count == 0) return false;
        at = DateTime.ParseExact(line[..AsyncProjections.TimestampFormat.Length], AsyncProjections.TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return true;
    }
}
