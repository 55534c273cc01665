using System.Text.Json;
using Marten;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>
/// Statements read from the billing read models (<see cref="BillableHire"/>, <see cref="RegionSettlement"/>, the closed
/// periods): a read costs the same whatever the region's history, and bills what the whole history bills, to the øre.
/// Hires are appended as events here (the inline projections run as they do behind the API), so years of history cost
/// no talent registrations; closes, reopens and corrections go through the API.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementReadModelTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly Money Fee = new(20_000m, "NOK");
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);
    private static BillingMonth Month(int y, int m) => new(y, m);

    [Fact]
    public async Task A_statement_read_makes_the_same_round_trips_and_loads_the_same_documents_after_one_month_or_three_years_of_hires()
    {
        var young = await RegionWithHistoryAsync(months: 1);
        var old = await RegionWithHistoryAsync(months: 36);

        // The first open month (with a correction for a hire recorded late), a closed month, a later open month.
        foreach (var month in new[] { Month(2026, 10), Month(2026, 9), Month(2026, 11) })
        {
            var (youngCost, youngLedger) = await ReadCostAsync(young, month);
            var (oldCost, oldLedger) = await ReadCostAsync(old, month);

            oldCost.ShouldBe(youngCost, $"round trips reading {month}");
            oldLedger.Facts.Hires.Count.ShouldBe(youngLedger.Facts.Hires.Count, $"hires loaded reading {month}");
            oldLedger.ClosedPeriods.Count.ShouldBe(youngLedger.ClosedPeriods.Count, $"closed periods loaded reading {month}");
            oldLedger.Facts.Partners.Count.ShouldBe(youngLedger.Facts.Partners.Count);
        }

        var (_, firstOpen) = await ReadCostAsync(old, Month(2026, 10));
        // The month's three hires, and September's facts recorded since the close before it (the last close's month is
        // checked against its frozen statements): September's three hires, billed there, and the late one, corrected here.
        firstOpen.Facts.Hires.Count.ShouldBe(7);
        // The one settlement document holds a licence line per member and closed month, never a line per hire.
        firstOpen.Settlement.BilledLicences.Count.ShouldBe(36);
        foreach (var region in new[] { young, old })
        {
            var october = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region.Id}/statements/2026-10");
            var lines = october.Single(s => s.PayerId == region.Partner).Lines;
            lines.Count(l => l.Kind == LineKind.HireFee && l.Corrects is null).ShouldBe(3);
            lines.Single(l => l.Corrects is not null).Corrects.ShouldBe(Month(2026, 9));
        }
    }

    [Fact]
    public async Task Fourteen_months_read_at_once_cost_the_round_trips_of_one_month_and_bill_each_month_as_its_own_read()
    {
        // What a page of the statements feed reads: closed months, the first open month (with its correction), a later month.
        var region = await RegionWithHistoryAsync(months: 12);
        var months = TalentPool.Sync.StatementChanges.Months(Month(2025, 10), Month(2026, 11)).ToList();
        months.Count.ShouldBe(14);

        await using var one = fixture.RegionSession(region.Id);
        await BillingFactsLoader.LoadMonthsAsync(one, region.Id, [Month(2026, 10)], CancellationToken.None);
        await using var all = fixture.RegionSession(region.Id);
        var ledgers = await BillingFactsLoader.LoadMonthsAsync(all, region.Id, months, CancellationToken.None);

        all.RequestCount.ShouldBe(one.RequestCount, "round trips of fourteen months and of one");
        all.RequestCount.ShouldBeLessThanOrEqualTo(3);
        foreach (var month in months)
        {
            await using var alone = fixture.RegionSession(region.Id);
            var own = (await BillingFactsLoader.LoadAsync(alone, region.Id, month, CancellationToken.None))!;
            JsonSerializer.Serialize(BillingLedger.StatementsFor(month, ledgers[month]))
                .ShouldBe(JsonSerializer.Serialize(BillingLedger.StatementsFor(month, own)), $"{month}");
        }
        BillingLedger.StatementsFor(Month(2026, 10), ledgers[Month(2026, 10)]).Single().Lines
            .ShouldContain(line => line.Corrects == Month(2026, 9), "the first open month's correction");
    }

    [Fact]
    public async Task Every_month_reads_as_the_whole_history_bills_it_with_late_hires_late_cancellations_back_dated_licence_changes_and_a_reopen()
    {
        var region = await _api.RegionAsync();
        var standard = await _api.PartnerAsync(region.Id, Day(2025, 1, 1), employees: 120);
        var small = await _api.PartnerAsync(region.Id, Day(2025, 1, 1), employees: 20);
        var municipality = await _api.MunicipalityAsync(region.Id, region.MunicipalityNumbers[0], 12_000, Day(2025, 1, 1));
        var months = Enumerable.Range(1, 10).Select(m => Month(2025, m)).ToList();

        var february = await HireAsync(region.Id, standard, Day(2025, 2, 10));
        for (var m = 1; m <= 8; m++) await HireAsync(region.Id, m % 2 == 0 ? standard : small, Day(2025, m, 5));
        for (var m = 1; m <= 6; m++) await CloseAsync(region.Id, Month(2025, m));
        await ShouldReadAsTheWholeHistoryAsync(region.Id, months);

        // Late facts for closed months: a hire, a cancellation of a closed month's hire, a tier and a population corrected back.
        await HireAsync(region.Id, small, Day(2025, 3, 20));
        await CancelAsync(february, Day(2025, 4, 2));
        await _api.PostAsync($"/api/v1/partners/{small}/tier/corrections",
            new CorrectPartnerTier(false, 60, Day(2025, 1, 1), "Counted again"), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/population/corrections",
            new CorrectPopulation(12_500, 2025, Day(2025, 1, 1), "Final count"), status: 200);
        await ShouldReadAsTheWholeHistoryAsync(region.Id, months);

        await CloseAsync(region.Id, Month(2025, 7)); // July bills the corrections
        await HireAsync(region.Id, standard, Day(2025, 5, 30));
        await ShouldReadAsTheWholeHistoryAsync(region.Id, months);

        await _api.PostAsync($"/api/v1/regions/{region.Id}/billing-periods/2025-07/reopen", new ReopenBillingPeriod("Closed too early"), status: 200);
        await ShouldReadAsTheWholeHistoryAsync(region.Id, months);
        await CloseAsync(region.Id, Month(2025, 7));
        await ShouldReadAsTheWholeHistoryAsync(region.Id, months);

        var july = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region.Id}/statements/2025-07");
        july.SelectMany(s => s.Lines).Where(l => l.Corrects is not null).Select(l => l.Kind).Distinct().Order()
            .ShouldBe([LineKind.PartnerLicence, LineKind.HireFee, LineKind.HireFeeCredit, LineKind.MunicipalityLicence]);
    }

    [Fact]
    public async Task A_hire_that_raced_the_last_close_and_was_not_billed_by_it_is_corrected_in_the_first_open_month()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), founding: true);
        await HireAsync(region.Id, partner, Day(2026, 8, 3));
        await CloseAsync(region.Id, Month(2026, 8));
        var billedInSeptember = await HireAsync(region.Id, partner, Day(2026, 9, 3));
        await CloseAsync(region.Id, Month(2026, 9));

        // A hire for September whose transaction read the billing state before September's close committed, and which
        // September's close did not read: it counts one billing event less than there are. Written here as it would land.
        var raced = await HireAsync(region.Id, partner, Day(2026, 9, 20));
        await using (var session = fixture.RegionWriteSession())
        {
            var fact = (await session.LoadAsync<BillableHire>(raced))!;
            fact.FeeSeen.ShouldBe(2);
            session.Store(fact with { FeeSeen = 1 });
            await session.SaveChangesAsync();
        }

        var october = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-10", _api.Admin);
        var correction = october.Lines.Single(l => l.Corrects is not null);
        (correction.HireId, correction.Corrects, correction.Amount).ShouldBe((raced, Month(2026, 9), Fee));
        october.Lines.ShouldNotContain(l => l.HireId == billedInSeptember); // billed by September's close, not again
    }

    [Fact]
    public async Task A_hire_retried_with_its_idempotency_key_is_one_billable_fact_billed_once()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync();
        var key = Guid.NewGuid().ToString();

        var first = await _api.HireAsync(talent, partner, Day(2026, 3, 2), key);
        var retried = await _api.HireAsync(talent, partner, Day(2026, 3, 2), key);

        retried.ShouldBe(first);
        await using var session = fixture.RegionSession();
        (await session.Query<BillableHire>().Where(h => h.RegionId == region.Id).ToListAsync()).Select(h => h.Id).ShouldBe([first]);
        var march = await _api.GetAsync<Statement>($"/api/v1/partners/{partner}/statements/2026-03", _api.Admin);
        march.Lines.Where(l => l.Kind == LineKind.HireFee).Select(l => l.HireId).ShouldBe([first]);
    }

    [Fact]
    public async Task An_erased_talents_hire_leaves_nothing_of_the_person_in_the_billing_read_models()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var talent = await _api.TalentAsync();
        var hire = await _api.HireAsync(talent, partner, Day(2026, 3, 2));
        const string reason = "Left after a quarrel about Kari Nordmann's overtime";
        await _api.PostAsync($"/api/v1/hires/{hire}/cancellation", new CancelHire(Day(2026, 4, 1), reason), _api.Recruiter, 200);
        await CloseAsync(region.Id, Month(2026, 3));
        await CloseAsync(region.Id, Month(2026, 4));
        var before = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region.Id}/statements/2026-05");

        await fixture.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent}/erasure");
            s.StatusCodeShouldBe(204);
        });

        await using var session = fixture.RegionSession();
        var serializer = fixture.Store.Options.Serializer();
        var stored = serializer.ToJson(await session.LoadAsync<BillableHire>(hire))
            + serializer.ToJson(await session.LoadAsync<RegionSettlement>(RegionBilling.StreamIdFor(region.Id)));
        stored.ShouldNotContain(talent.ToString(), Case.Insensitive);
        stored.ShouldNotContain("Kari");
        stored.ShouldNotContain("quarrel");
        stored.ShouldNotContain("@");
        var after = await _api.GetAsync<List<Statement>>($"/api/v1/regions/{region.Id}/statements/2026-05");
        JsonSerializer.Serialize(after).ShouldBe(JsonSerializer.Serialize(before));
    }

    private sealed record RegionWithHistory(Guid Id, Guid Partner);

    /// <summary>
    /// Three hires a month for <paramref name="months"/> months up to September 2026, each month closed after its hires, a hire for
    /// September recorded after it closed, three hires in October (the first open month).
    /// </summary>
    private async Task<RegionWithHistory> RegionWithHistoryAsync(int months)
    {
        var region = await _api.RegionAsync();
        var first = Month(2026, 9).FirstDay.AddMonths(1 - months);
        var partner = await _api.PartnerAsync(region.Id, first, founding: true);
        var history = Enumerable.Range(0, months).Select(m => BillingMonth.Of(first.AddMonths(m))).ToList();

        foreach (var month in history)
        {
            await using (var session = fixture.RegionWriteSession(region.Id))
            {
                foreach (var day in new[] { 3, 12, 21 }) StartHire(session, region.Id, partner, month.FirstDay.AddDays(day - 1));
                await session.SaveChangesAsync();
            }
            await CloseAsync(region.Id, month);
        }
        await HireAsync(region.Id, partner, Day(2026, 9, 28));
        foreach (var day in new[] { 3, 12, 21 }) await HireAsync(region.Id, partner, Day(2026, 10, day));
        return new RegionWithHistory(region.Id, partner);
    }

    private async Task<(int RoundTrips, RegionLedger Ledger)> ReadCostAsync(RegionWithHistory region, BillingMonth month)
    {
        await using var session = fixture.RegionSession(region.Id);
        var ledger = await BillingFactsLoader.LoadAsync(session, region.Id, month, CancellationToken.None);
        return (session.RequestCount, ledger!);
    }

    /// <summary>Each month read from the bounded read equals the ledger computed from every hire and every closed period.</summary>
    private async Task ShouldReadAsTheWholeHistoryAsync(Guid regionId, IReadOnlyList<BillingMonth> months)
    {
        await using var session = fixture.RegionSession(regionId);
        var allHires = await session.Query<BillableHire>().Where(h => h.RegionId == regionId).ToListAsync();
        var allClosed = (await session.Query<ClosedBillingPeriod>().Where(p => p.RegionId == regionId).ToListAsync()).OrderBy(p => p.Month).ToList();
        foreach (var month in months)
        {
            var bounded = (await BillingFactsLoader.LoadAsync(session, regionId, month, CancellationToken.None))!;
            var whole = BillingLedger.StatementsFor(month, bounded.Facts with { Hires = allHires }, bounded.Billing, allClosed);
            JsonSerializer.Serialize(BillingLedger.StatementsFor(month, bounded)).ShouldBe(JsonSerializer.Serialize(whole), $"{month}");
        }
    }

    private static Guid StartHire(IDocumentSession session, Guid regionId, Guid partnerId, DateOnly hiredOn)
    {
        var hireId = Guid.NewGuid();
        session.Events.StartStream<Hire>(hireId, new HireRecorded(hireId, Guid.NewGuid(), partnerId, regionId, null, hiredOn, hiredOn,
            HireClassification.External, null, Fee, "IN", ["Welding"], DateTimeOffset.UtcNow, false, null));
        return hireId;
    }

    private async Task<Guid> HireAsync(Guid regionId, Guid partnerId, DateOnly hiredOn)
    {
        await using var session = fixture.RegionWriteSession();
        var hireId = StartHire(session, regionId, partnerId, hiredOn);
        await session.SaveChangesAsync();
        return hireId;
    }

    private async Task CancelAsync(Guid hireId, DateOnly cancelledOn)
    {
        await using var session = fixture.RegionWriteSession();
        var hire = (await session.LoadAsync<BillableHire>(hireId))!;
        session.Events.Append(hireId, new HireCancelled(hireId, hire.PartnerId, hire.RegionId, hire.HiredOn, null, cancelledOn, "Probation", hire.Fee));
        await session.SaveChangesAsync();
    }

    private Task CloseAsync(Guid regionId, BillingMonth month) =>
        _api.PostAsync($"/api/v1/regions/{regionId}/billing-periods/{month}/close", new { }, status: 200);
}
