using System.Globalization;
using System.Text.RegularExpressions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting.Crashes;

/// <summary>What the nodes' own logs (timed by each node) say about where the async projections ran.</summary>
public static class NodeLogs
{
    /// <summary>
    /// The lines that say an agent started or stopped, how to read the agents a line names, and which node a line is about:
    /// null for the node whose log it is, else the Wolverine node number the line names (a leader logs its peers' agents).
    /// </summary>
    public sealed record Markers(string Started, string Stopped, Func<string, IEnumerable<string>> AgentsIn, Func<string, int?> NodeNumberIn);

    /// <summary>Marten's daemon: "Started projection agent Name:All" (the projection's shard; the line does not name the database).</summary>
    public static readonly Markers Marten = new("Started projection agent ", "Stopped projection agent ", rest => [rest.Split(' ')[0]], _ => null);

    /// <summary>
    /// Wolverine's agents: "Successfully started agent event-subscriptions://marten/main/{database}/{name}/all on Node 1", logged
    /// by the node that started it ("stopped … on node 2" also by the leader, naming the node) — an agent per projection and
    /// database. The leader's "Successfully started agents …" (plural) reports a batch it assigned, not where it runs: not read.
    /// </summary>
    public static readonly Markers Wolverine = new("Successfully started agent ", "Successfully stopped agent ",
        rest => Regex.Matches(rest, @"event-subscriptions://[^\s,\]\)]+").Select(match => match.Value),
        rest => Regex.Match(rest, @" on [Nn]ode (\d+)") is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null);

    /// <summary>
    /// The spans in which each node ran each agent, from its started line to its stopped line (or the node's death), read from
    /// every node's log in time order; no two nodes' spans of one agent overlap, all <paramref name="agentCount"/> agents ran
    /// somewhere, and Wolverine never reported an agent running on two nodes.
    /// </summary>
    public static void EachAgentRanOnOneNodeAtATime(IReadOnlyList<(ServiceProcess Node, DateTime? DiedAt)> nodes, Markers markers, int agentCount)
    {
        // Wolverine numbers its nodes: "Starting agents for Node {id} with assigned node id {number} …".
        var indexOfNumber = new Dictionary<int, int>();
        var lines = new List<(DateTime At, bool Started, string Agent, int Node)>();
        for (var node = 0; node < nodes.Count; node++)
        {
            var log = nodes[node].Node.Log();
            log.ShouldNotContain(line => line.Contains("Detected duplicate agent", StringComparison.Ordinal), $"node {node + 1} saw an agent on two nodes");
            foreach (var line in log)
            {
                if (Regex.Match(line, @"with assigned node id (\d+)") is { Success: true } numbered) indexOfNumber[int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture)] = node;
                var started = TryRead(line, markers.Started, markers, out var at, out var agents, out var number);
                if (!started && !TryRead(line, markers.Stopped, markers, out at, out agents, out number)) continue;
                var about = number is { } n ? indexOfNumber.GetValueOrDefault(n, -1) : node;
                if (about < 0) throw new ShouldAssertException($"node {node + 1}'s log names Wolverine node {number}, which no log introduced: {line}");
                lines.AddRange(agents.Select(agent => (at, started, agent, about)));
            }
        }
        var spans = new List<(string Agent, int Node, DateTime From, DateTime To)>();
        var running = new Dictionary<(string Agent, int Node), DateTime>();
        foreach (var (at, started, agent, node) in lines.OrderBy(line => line.At))
        {
            // A start seen twice (the node's own line and its leader's) counts from the first; a stop ends the span.
            if (started) running.TryAdd((agent, node), at);
            else if (running.Remove((agent, node), out var from)) spans.Add((agent, node, from, at));
        }
        spans.AddRange(running.Select(open => (open.Key.Agent, open.Key.Node, open.Value, nodes[open.Key.Node].DiedAt ?? DateTime.MaxValue)));
        spans.Select(span => span.Agent).Distinct().Count().ShouldBe(agentCount, "every async projection and event subscription ran somewhere");
        var overlaps = spans.SelectMany(a => spans.Where(b => a.Agent == b.Agent && a.Node < b.Node && a.From < b.To && b.From < a.To)
            .Select(b => $"{a.Agent}: node {a.Node + 1} {a.From:O}–{a.To:O}, node {b.Node + 1} {b.From:O}–{b.To:O}")).ToArray();
        overlaps.ShouldBeEmpty("each async projection and event subscription runs on one node at a time; the lines about the first: " +
            string.Join(Environment.NewLine, overlaps.Take(1).SelectMany(overlap => nodes.SelectMany((node, i) => node.Node.Log()
                .Where(line => line.Contains(overlap.Split(": ")[0].Split('/')[^2] + "/", StringComparison.Ordinal))
                .Select(line => $"node {i + 1}: {line}")))));
    }

    private static bool TryRead(string line, string marker, Markers markers, out DateTime at, out List<string> agents, out int? node)
    {
        var index = line.IndexOf(marker, StringComparison.Ordinal);
        (at, agents, node) = (default, [], null);
        if (index < 0 || line.Length < AsyncProjections.TimestampFormat.Length) return false;
        var rest = line[(index + marker.Length)..];
        agents = [.. markers.AgentsIn(rest)];
        if (agents.Count == 0) return false;
        node = markers.NodeNumberIn(rest);
        at = DateTime.ParseExact(line[..AsyncProjections.TimestampFormat.Length], AsyncProjections.TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return true;
    }
}
