using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Metrics;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The two reads made independent of the history's length give what the documents gave, over generated histories: monthly
/// churn from the month rows PostgreSQL keeps beside the placed talents (running totals, the window's months read) against
/// the document's month counts summed as before; the goals' talent base from the kept counts of the later consent against
/// counting every talent's document.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BoundedReadsAgreeWithDocumentsTests(TalentPoolFixture fixture)
{
    private static readonly RegionPlacedTalentsProjection Projection = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Monthly_churn_from_the_month_rows_equals_the_month_counts_summed_for_every_window(int seed)
    {
        var random = new Random(seed);
        var region = Guid.NewGuid();
        var (halfway, document) = History(random, region);

        // The document written twice (the update trigger), then read: every window of one to seven months, before, over and
        // after the history, as of two days.
        await StoreAsync(region, halfway);
        await StoreAsync(region, document);
        var first = new BillingMonth(2024, 10);
        for (var start = 0; start < 32; start++)
        {
            for (var length = 1; length <= 7; length += 2)
            {
                var from = BillingMonth.Of(first.FirstDay.AddMonths(start));
                var to = BillingMonth.Of(from.FirstDay.AddMonths(length - 1));
                await using var session = fixture.RegionSession(region);
                var window = await RegionPlacedTalentsMonths.WindowAsync(session, region, from, to, CancellationToken.None);
                foreach (var today in new[] { new DateOnly(2026, 3, 14), new DateOnly(2027, 6, 30) })
                {
                    foreach (var month in RegionMonthlyMetrics.MonthsBetween(from, to))
                    {
                        RegionRetention.Month(month, window, today).ShouldBe(RegionRetention.Month(month, document.Months, today),
                            $"{month} in {from}…{to} as of {today}");
                    }
                }
            }
        }

        // Gone with the document (the delete trigger): as a region without placed talents.
        await using (var delete = fixture.RegionWriteSession(region))
        {
            delete.Delete<RegionPlacedTalents>(region);
            await delete.SaveChangesAsync();
        }
        await using var after = fixture.RegionSession(region);
        var none = await RegionPlacedTalentsMonths.WindowAsync(after, region, new BillingMonth(2025, 1), new BillingMonth(2026, 12), CancellationToken.None);
        RegionRetention.Month(new BillingMonth(2026, 2), none, new DateOnly(2027, 1, 1))
            .ShouldBe(RegionRetention.Month(new BillingMonth(2026, 2), (IReadOnlyDictionary<string, PlacedTalentsFlow>?)null, new DateOnly(2027, 1, 1)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_talent_base_from_the_kept_counts_equals_counting_every_talent_for_any_moment_and_day(int seed)
    {
        var random = new Random(seed);
        var region = Guid.NewGuid();
        var origin = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset Moment(DateTimeOffset after, int days) => after.AddMinutes(random.Next(days * 24 * 60));

        var talents = new List<SharedTalent>();
        for (var i = 0; i < 400; i++)
        {
            var registeredAt = Moment(origin, 1_060);
            // Either consent given at registration, later again, or never; talents without either have no document, but one
            // stored anyway is counted by neither.
            DateTimeOffset? Consent() => random.Next(4) switch { 0 => null, 1 => registeredAt, _ => Moment(registeredAt, 400) };
            talents.Add(Talent(registeredAt, Consent(), Consent()));
        }
        // Many on one day, some at the same moment: the day a validity starts on is counted from the documents.
        var busy = new DateTimeOffset(2025, 6, 10, 9, 30, 0, TimeSpan.Zero);
        for (var i = 0; i < 30; i++) talents.Add(Talent(busy.AddHours(-i), i % 3 == 0 ? busy : busy.AddMinutes(i), i % 2 == 0 ? busy.AddMinutes(2 * i) : null));
        await using (var write = fixture.RegionWriteSession(region))
        {
            write.Store(talents.ToArray());
            await write.SaveChangesAsync();
        }

        var since = new List<DateTimeOffset> { busy, busy.AddMinutes(-1), busy.AddMinutes(7), busy.AddDays(-1), new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero) };
        since.AddRange(talents.Take(20).Select(t => t.SharedWithPartnersSince ?? t.RegisteredAt));
        for (var i = 0; i < 25; i++) since.Add(Moment(origin.AddDays(-60), 1_300));
        var table = fixture.Store.Options.Schema.For<SharedTalent>();
        await using var session = fixture.RegionSession(region);
        foreach (var moment in since)
        {
            foreach (var registeredBefore in new DateTimeOffset?[] { null, moment.AddDays(random.Next(1, 900)), busy.AddDays(1) })
            {
                var kept = await RegionGoalsFacts.SharedTalentBaseAsync(session, moment, registeredBefore, CancellationToken.None);
                var counted = await CountAsync(RegionGoalsFacts.SharedTalentBaseByDocumentsQuery(table, moment, registeredBefore, session.TenantId));
                kept.ShouldBe(counted, $"consent after {moment:O}, registered before {registeredBefore:O}");
            }
        }
        (await RegionGoalsFacts.SharedTalentBaseAsync(session, origin.AddDays(-1), null, CancellationToken.None))
            .ShouldBe(talents.Count(t => t.SharedWithPartnersSince is not null || t.SharedWithMunicipalitiesSince is not null));

        // A consent withdrawn (the document changed) and a talent erased (gone) move both counts alike.
        await using (var write = fixture.RegionWriteSession(region))
        {
            write.Store(talents[0] with { SharedWithPartnersSince = null, SharedWithMunicipalitiesSince = busy.AddDays(3) });
            write.Delete<SharedTalent>(talents[1].Id);
            await write.SaveChangesAsync();
        }
        foreach (var moment in since.Take(10))
        {
            (await RegionGoalsFacts.SharedTalentBaseAsync(session, moment, null, CancellationToken.None))
                .ShouldBe(await CountAsync(RegionGoalsFacts.SharedTalentBaseByDocumentsQuery(table, moment, null, session.TenantId)));
        }
    }

    private static SharedTalent Talent(DateTimeOffset registeredAt, DateTimeOffset? partners, DateTimeOffset? municipalities) => new(
        Guid.NewGuid(), "Generated Talent", "generated@example.com", null, null,
        new TalentProfile("IN", null, ["en"], ["Nursing"], EducationLevel.Master, 3, [], null, HeardAboutUsChannel.Other),
        registeredAt, partners, municipalities);

    /// <summary>A region's placed talents after a generated history (and after half of it): hires, ends inside and outside the region, cancellations.</summary>
    private static (RegionPlacedTalents Halfway, RegionPlacedTalents Document) History(Random random, Guid region)
    {
        var talents = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var hires = new List<HireRecorded>();
        var events = new List<object>();
        var first = new DateOnly(2025, 1, 1);
        for (var i = 0; i < 160; i++)
        {
            var roll = random.Next(10);
            if (roll < 5 || hires.Count == 0)
            {
                var startsOn = first.AddDays(random.Next(700));
                var hire = new HireRecorded(Guid.NewGuid(), talents[random.Next(talents.Length)], Guid.NewGuid(), region, null, startsOn, startsOn,
                    HireClassification.Local, null, new Money(20_000m, "NOK"), "NO", ["Welding"], DateTimeOffset.UnixEpoch, false, null);
                hires.Add(hire);
                events.Add(hire);
            }
            else
            {
                var hire = hires[random.Next(hires.Count)];
                var on = hire.StartsOn.AddDays(random.Next(1, 400));
                events.Add(roll < 9
                    ? new EmploymentEnded(hire.HireId, hire.PartnerId, region, hire.StartsOn, null, on, random.Next(2) == 0, "Moved on")
                    : new HireCancelled(hire.HireId, hire.PartnerId, region, hire.StartsOn, null, on, "Probation", new Money(20_000m, "NOK")));
            }
        }
        RegionPlacedTalents? Apply(IEnumerable<object> applied) =>
            applied.Aggregate((RegionPlacedTalents?)null, (snapshot, e) => Projection.Evolve(snapshot, region, new Event<object>(e)));
        return (Apply(events.Take(events.Count / 2))!, Apply(events)!);
    }

    private async Task StoreAsync(Guid region, RegionPlacedTalents document)
    {
        // A copy, as the daemon stores what it evolved: the same JSON.
        var serializer = fixture.Store.Options.Serializer();
        await using var write = fixture.RegionWriteSession(region);
        write.Store(serializer.FromJson<RegionPlacedTalents>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(serializer.ToJson(document)))));
        await write.SaveChangesAsync();
    }

    private async Task<int> CountAsync((string Sql, object[] Parameters) query)
    {
        var number = 0;
        var positional = Regex.Replace(query.Sql, @"\?", _ => $"${++number}");
        await using var connection = await fixture.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand(positional, connection);
        foreach (var parameter in query.Parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var json = (string)(await command.ExecuteScalarAsync())!;
        return JsonDocument.Parse(json).RootElement.GetProperty("talents").GetInt32();
    }
}
