using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;

namespace TalentPool.Benchmarks;

// `--scenario tokens`: what minting a registration's talent token costs, one thread, the service's own TokenIssuer.
// The machine may be shared: the least of several rounds is the figure, the spread shows the noise.
public static class TokenMintingBenchmark
{
    public static void Run(int tokens)
    {
        var issuer = new TokenIssuer(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        var rounds = new List<double>();
        for (var round = 0; round <= 6; round++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < tokens; i++) issuer.IssueForTalent(Guid.NewGuid(), Guid.NewGuid());
            if (round > 0) rounds.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / tokens); // round 0 warms up
        }
        Console.WriteLine($"TokenIssuer.IssueForTalent: {rounds.Min():F1} µs per token (least of {rounds.Count} rounds of {tokens}; " +
            $"rounds {string.Join(", ", rounds.Select(r => r.ToString("F1")))} µs)");
    }
}
