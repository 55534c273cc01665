using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The goals' two counting queries and the retention's month rows, planned with sequential scans priced out of reach: PostgreSQL still scans the whole
/// table when no index can answer a condition, so a plan without "Seq Scan" proves that indexes answer both.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RegionGoalsIndexTests(TalentPoolFixture fixture)
{
    [Fact]
    public async Task The_talent_base_the_hires_to_date_and_the_placed_talents_months_are_read_from_indexes()
    {
        var now = DateTimeOffset.UtcNow;
        var queries = new[]
        {
            RegionGoalsFacts.SharedTalentBaseQuery(fixture.Store.Options.Schema.For<SharedTalent>(), "talentpool", now, null, TalentPool.Hosting.RegionTenancy.InstallationTenant),
            RegionGoalsFacts.SharedTalentBaseQuery(fixture.Store.Options.Schema.For<SharedTalent>(), "talentpool", now, now, TalentPool.Hosting.RegionTenancy.InstallationTenant),
            RegionGoalsFacts.HiresToDateQuery(fixture.Store.Options.Schema.For<RegionHiresPerMonth>(), Guid.NewGuid(), new BillingMonth(2026, 3)),
            RegionPlacedTalentsMonths.WindowQuery("talentpool", Guid.NewGuid().ToString(), Guid.NewGuid(), new BillingMonth(2026, 1), new BillingMonth(2026, 12)),
        };

        await using var connection = await fixture.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("set enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        foreach (var (sql, parameters) in queries)
        {
            var number = 0;
            var positional = Regex.Replace(sql, @"\?", _ => $"${++number}");
            await using var explain = new NpgsqlCommand($"explain {positional}", connection);
            foreach (var parameter in parameters) explain.Parameters.Add(new NpgsqlParameter { Value = parameter });
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
            }
            // The facet changes not folded yet are a queue the fold empties four times a second, read whole by design (no index).
            plan.Where(line => line.Contains("Seq Scan") && !line.Contains($"Seq Scan on {SharedTalentFacetCounts.ChangesTableName}"))
                .ShouldBeEmpty($"{sql}\n{string.Join('\n', plan)}");
        }
    }
}
