using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>
    /// A partner reads its region's hires per month right after a hire, asking to wait for the write: the month and the
    /// freshness (sequences as integers, the wait's outcome as a string) arrive whole.
    /// </summary>
    public async Task MetricsAsync()
    {
        using var admin = AsAdmin();
        var regionId = (await RegionAsync(admin)).Id!.Value;
        using var recruiter = AsRecruiter();
        var partnerId = await PartnerAsync(admin, regionId, new Date(2026, 1, 1));
        await HireAsync(recruiter, (await TalentAsync("Battery engineering")).Id!.Value, partnerId, new Date(2026, 3, 20));

        using var partner = AsPartner(partnerId);
        var answer = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.HiresPerMonth.GetAsync(
            request => request.QueryParameters.WaitForWrites = true));

        answer.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        answer.Months.ShouldNotBeNull().ShouldHaveSingleItem().Recorded.ShouldBe(1);

        // The region's monthly metrics for March: a rate as a decimal, the period's totals beside the months.
        var monthly = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.Monthly.GetAsync(request =>
        {
            request.QueryParameters.From = "2026-03";
            request.QueryParameters.To = "2026-03";
            request.QueryParameters.WaitForWrites = true;
        }));
        monthly.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        var march = monthly.Months.ShouldNotBeNull().ShouldHaveSingleItem();
        march.Hires.ShouldBe(1);
        march.CannibalisationRate.ShouldBe(0m);
        monthly.Period.ShouldNotBeNull().Target.ShouldBe(monthly.MonthlyHireTarget);

        // Member churn from January to March: the partner joined on 1 January, so it joined in January and no member was
        // there at its start (a rate of null).
        var churn = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.MemberChurn.GetAsync(request =>
        {
            request.QueryParameters.From = "2026-01";
            request.QueryParameters.To = "2026-03";
            request.QueryParameters.WaitForWrites = true;
        }));
        churn.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        churn.Months.ShouldNotBeNull().Count.ShouldBe(3);
        var january = churn.Months[0].Partners.ShouldNotBeNull();
        (january.MembersAtStart, january.Joined, january.Ended, january.ChurnRate).ShouldBe((0, 1, 0, (decimal?)null));
        churn.Period.ShouldNotBeNull().Total.ShouldNotBeNull().Joined.ShouldBe(1);

        // Target markets in March: the hire by the talent's country and competence area; registrations are the installation's.
        var markets = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.TargetMarkets.GetAsync(request =>
        {
            request.QueryParameters.From = "2026-03";
            request.QueryParameters.To = "2026-03";
            request.QueryParameters.WaitForWrites = true;
        }));
        markets.RegistrationsScope.ShouldBe("region");
        var hires = markets.Hires.ShouldNotBeNull();
        hires.Total.ShouldBe(1);
        hires.ByCountry.ShouldNotBeNull().ShouldHaveSingleItem().Country.ShouldBe("IN");
        hires.ByCompetenceArea.ShouldNotBeNull().ShouldHaveSingleItem().CompetenceArea.ShouldBe("Battery engineering");
        hires.ByCountryAndCompetenceArea.ShouldNotBeNull().ShouldHaveSingleItem().Count.ShouldBe(1);
        markets.Registrations.ShouldNotBeNull().Total.ShouldNotBeNull();

        // An admin sets the region's long-range goal; the goals read it, with a rate as a whole number and a month as text.
        var region = await admin.ReadAsync(c => c.Api.V1.Regions[regionId].LongRangeGoal.PostAsync(new SetLongRangeGoal { Hires = 500, By = "2030-12" }));
        region.LongRangeGoal.ShouldNotBeNull().Hires.ShouldBe(500);
        var goals = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.Goals.GetAsync(request =>
        {
            request.QueryParameters.AsOf = new Date(2026, 3, 31);
            request.QueryParameters.WaitForWrites = true;
        }));
        goals.AsOf.ShouldBe(new Date(2026, 3, 31));
        goals.TalentBase.ShouldNotBeNull().Goal.ShouldBe(region.TalentBaseGoal);
        var toDate = goals.Hires.ShouldNotBeNull();
        (toDate.Goal, toDate.By, toDate.HiresToDate, toDate.FirstHireMonth, toDate.MonthsSoFar).ShouldBe((500, "2030-12", 1, "2026-03", 1));
        toDate.RequiredMonthlyRate.ShouldBe(9); // 499 over March 2026 … December 2030, 58 months: 8.6 → 9

        // The region's retention for March: the cohort's marks as dates, shares as decimals, figures to come as nulls,
        // monthly churn per month and the +1 employment rate (the talent came with a "+1").
        var retention = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.Retention.GetAsync(request =>
        {
            request.QueryParameters.From = "2026-03";
            request.QueryParameters.To = "2026-03";
            request.QueryParameters.WaitForWrites = true;
        }));
        retention.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        (retention.From, retention.To).ShouldBe(("2026-03", "2026-03"));
        retention.AsOf.ShouldNotBeNull();
        var cohort = retention.Cohorts.ShouldNotBeNull().ShouldHaveSingleItem();
        cohort.Placed.ShouldBe(1);
        var atThree = cohort.Retention.ShouldNotBeNull().First();
        (atThree.Months, atThree.KnownOn).ShouldBe((3, new Date(2026, 6, 30)));
        (atThree.StillInRegion, atThree.Retention, atThree.Churn).ShouldBe((1, 1m, 0m));
        cohort.Retention.Select(r => r.Months).ShouldBe(new int?[] { 3, 6, 12 });
        var monthlyChurn = retention.Months.ShouldNotBeNull().ShouldHaveSingleItem();
        (monthlyChurn.Month, monthlyChurn.PlacedInRegionAtStart, monthlyChurn.LeftRegion, monthlyChurn.Churn).ShouldBe(("2026-03", 0, 0, (decimal?)null));
        var plusOne = retention.AccompanyingPartnerEmployment.ShouldNotBeNull();
        (plusOne.PlacedWithAccompanyingPartner, plusOne.AccompanyingPartnerFoundWork, plusOne.Rate, plusOne.PlacedWithUnknownAccompanyingPartner)
            .ShouldBe((1, 0, 0m, 0));

        // The partner's own dashboard: dates as dates, money as money, retention as a list, a median that may be null.
        var dashboard = await partner.ReadAsync(c => c.Api.V1.Partners[partnerId].Dashboard.GetAsync(
            request => request.QueryParameters.WaitForWrites = true));
        dashboard.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        var figures = dashboard.Figures.ShouldNotBeNull();
        figures.HiresThisYear.ShouldNotBeNull().Hires.ShouldBe(1);
        figures.HiresThisYear.From.ShouldBe(new Date(figures.AsOf!.Value.Year, 1, 1));
        figures.FeesThisYear.ShouldNotBeNull().Currency.ShouldBe("NOK");
        figures.MedianDaysToHire.ShouldBeNull();
        figures.Retention.ShouldNotBeNull().Select(r => r.Months).ShouldBe(new int?[] { 3, 6, 12 });
        figures.InternalHires.ShouldNotBeNull().MadeInAll.ShouldBe(0);
        figures.OpenVacancies.ShouldBe(0);
        figures.CandidatesPerStage.ShouldNotBeNull().Select(s => s.Stage).ShouldBe(
            new CandidateStage?[]
            {
                CandidateStage.Introduced, CandidateStage.Screening, CandidateStage.Interview, CandidateStage.Offer, CandidateStage.Accepted,
            });
    }
}
