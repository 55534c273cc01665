using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>A partner's five change feeds (vacancies, candidates, hires, the shared base, statements) read from the beginning and on from a cursor.</summary>
    public async Task SyncAsync()
    {
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        using var recruiter = AsRecruiter();
        var partnerId = await PartnerAsync(admin, region.Id!.Value, new Date(2026, 1, 1));
        using var partner = AsPartner(partnerId);
        var talentId = (await TalentAsync("Battery engineering")).Id!.Value;
        var vacancyId = (await partner.ReadAsync(c => c.Api.V1.Vacancies.PostAsync(new PostVacancy
        {
            Details = VacancyDetails(region.MunicipalityNumbers![0], positions: 1),
        }))).Id!.Value;
        await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Candidates.PostAsync(new IntroduceCandidate { TalentId = talentId }));
        await HireAsync(recruiter, talentId, partnerId, new Date(2026, 3, 20), vacancyId);

        var vacancies = await partner.ReadAsync(c => c.Api.V1.Changes.Vacancies.GetAsync(q => q.QueryParameters.WaitForWrites = true));
        vacancies.Items.ShouldNotBeNull().ShouldHaveSingleItem().Kind.ShouldBe(ChangeKind.Upsert);
        await partner.ReadAsync(c => c.Api.V1.Changes.Vacancies.GetAsync(q => q.QueryParameters.After = vacancies.Next));
        (await partner.ReadAsync(c => c.Api.V1.Changes.Candidates.GetAsync(q => q.QueryParameters.WaitForWrites = true)))
            .Items.ShouldNotBeNull().ShouldHaveSingleItem().Candidate.ShouldNotBeNull();
        (await partner.ReadAsync(c => c.Api.V1.Changes.Hires.GetAsync(q => q.QueryParameters.WaitForWrites = true)))
            .Items.ShouldNotBeNull().ShouldHaveSingleItem().Hire.ShouldNotBeNull();
        (await partner.ReadAsync(c => c.Api.V1.Changes.SharedTalents.GetAsync(q => { q.QueryParameters.WaitForWrites = true; q.QueryParameters.Limit = 200; })))
            .Items.ShouldNotBeNull().ShouldContain(change => change.Id == talentId && change.Talent != null && change.VisibleUntil != null);
        // The statements: the partner's own, each (payer, month) that bills something, the hire's month among them — once the
        // month's beginning is recorded, as every node's timer does (StatementMonthTimer; a day apart in the tests' hosts).
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TalentPool.Sync.StatementMonthClock>(fixture.Host.Services)
            .BeginCurrentMonthAsync(region.Id!.Value, CancellationToken.None);
        var statements = await partner.ReadAsync(c => c.Api.V1.Changes.Statements.GetAsync(q => { q.QueryParameters.WaitForWrites = true; q.QueryParameters.Limit = 200; }));
        statements.CoveredThrough.ShouldNotBeNull();
        statements.Items.ShouldNotBeNull().ShouldContain(change => change.Id == $"{partnerId}/2026-03" && change.Statement != null && change.PayerId == partnerId);
    }
}
