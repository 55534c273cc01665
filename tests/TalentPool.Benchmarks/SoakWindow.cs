using System.Diagnostics;
using System.Text;

namespace TalentPool.Benchmarks;

/// <summary>What one window of the soak saw: each answer's kind, status and latency, and the process's memory at its end.</summary>
public sealed class SoakWindow(int number)
{
    private readonly List<(SoakOutcome Outcome, double Milliseconds)> _answers = [];
    private int _skipped;
    private TimeSpan _closedAt;

    public int Number { get; } = number;
    public double WorkingSetMb { get; private set; }
    public double GcHeapMb { get; private set; }
    public double LiveHeapMb { get; private set; }
    public int SkippedRequests => _skipped;

    public int Requests { get { lock (_answers) return _answers.Count; } }

    public int ServerErrors { get { lock (_answers) return _answers.Count(a => a.Outcome.Status is 0 or >= 500); } }

    public void Record(SoakOutcome outcome, TimeSpan latency)
    {
        lock (_answers) _answers.Add((outcome, latency.TotalMilliseconds));
    }

    public void Skipped() => Interlocked.Increment(ref _skipped);

    public SoakWindow Close(TimeSpan at)
    {
        _closedAt = at;
        using var process = Process.GetCurrentProcess();
        WorkingSetMb = process.WorkingSet64 / 1048576.0;
        GcHeapMb = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0;
        // What a leak would grow: the managed objects still reachable after a full, blocking collection (one per window).
        LiveHeapMb = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        return this;
    }

    public static double P95(IEnumerable<SoakWindow> windows) =>
        Percentile(windows.SelectMany(w => w.Latencies()).Order().ToList(), 0.95);

    private List<double> Latencies() { lock (_answers) return _answers.Select(a => a.Milliseconds).ToList(); }

    public string Report()
    {
        List<(SoakOutcome Outcome, double Milliseconds)> answers;
        lock (_answers) answers = [.. _answers];
        var unexpected = answers.Where(a => !a.Outcome.Expected)
            .GroupBy(a => $"{a.Outcome.Kind} {(a.Outcome.Status == 0 ? "no answer" : a.Outcome.Status.ToString())}")
            .Select(g => $"{g.Key} ×{g.Count()}").ToList();
        var text = new StringBuilder();
        text.AppendLine($"window {Number} (to {_closedAt.TotalSeconds:F0} s): {answers.Count} requests, " +
            $"{answers.Count(a => a.Outcome.Expected)} as expected (2xx; 400/413 for invalid/oversized), " +
            $"unexpected: {(unexpected.Count == 0 ? "none" : string.Join("; ", unexpected))}{(_skipped > 0 ? $", {_skipped} not sent (too many in flight)" : "")}; " +
            $"working set {WorkingSetMb:F0} MB, GC heap {GcHeapMb:F0} MB at the last GC, {LiveHeapMb:F0} MB live after a full GC");
        var all = answers.Select(a => a.Milliseconds).Order().ToList();
        text.AppendLine($"  {"all kinds",-24} {all.Count,6}  p50 {Percentile(all, 0.50),7:F1}  p95 {Percentile(all, 0.95),7:F1}  p99 {Percentile(all, 0.99),7:F1} ms");
        foreach (var kind in answers.GroupBy(a => a.Outcome.Kind).OrderBy(g => g.Key))
        {
            var sorted = kind.Select(a => a.Milliseconds).Order().ToList();
            text.AppendLine($"  {kind.Key,-24} {sorted.Count,6}  p50 {Percentile(sorted, 0.50),7:F1}  p95 {Percentile(sorted, 0.95),7:F1}  p99 {Percentile(sorted, 0.99),7:F1} ms");
        }
        return text.ToString().TrimEnd();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];
}
