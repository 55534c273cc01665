using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>A partner's vacancy through its candidates to a hire, its changes, and the hire's audit trail.</summary>
    public async Task RecruitingAsync()
    {
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        using var recruiter = AsRecruiter();
        var municipalityNumber = region.MunicipalityNumbers![0];
        var partnerId = await PartnerAsync(admin, region.Id!.Value, new Date(2026, 1, 1));
        var registered = await TalentAsync("Battery engineering", municipalityNumber);
        var talentId = registered.Id!.Value;
        var secondTalentId = (await TalentAsync("Battery engineering")).Id!.Value;

        using var partner = AsPartner(partnerId);
        var vacancyId = (await partner.ReadAsync(c => c.Api.V1.Vacancies.PostAsync(new PostVacancy
        {
            Details = VacancyDetails(municipalityNumber, positions: 2),
            EmployerKind = EmployerKind.Partner,
            EmployerId = partnerId,
        }))).Id!.Value;
        var vacancy = await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].GetAsync());
        await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].PutAsync(
            new UpdateVacancy { ExpectedVersion = vacancy.Version, Details = VacancyDetails(municipalityNumber, positions: 3) }));
        await partner.ReadAsync(c => c.Api.V1.Vacancies.GetAsync(q => q.QueryParameters.PartnerId = partnerId));
        // Matching, before the talents become its candidates (a vacancy's candidates are not offered to it again).
        var matches = await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Matches.GetAsync(q => q.QueryParameters.Limit = 10));
        matches.Items!.Count.ShouldBe(2);
        using (var talent = As(registered.AccessToken))
        {
            var fits = await talent.ReadAsync(c => c.Api.V1.Talents[talentId].MatchingVacancies.GetAsync());
            fits.Items!.ShouldHaveSingleItem().Parts!.Count.ShouldBe(7);
        }

        var candidacyId = (await recruiter.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Candidates.PostAsync(
            new IntroduceCandidate { TalentId = talentId }))).Id!.Value;
        var rejectedId = (await recruiter.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Candidates.PostAsync(
            new IntroduceCandidate { TalentId = secondTalentId }))).Id!.Value;
        await partner.ReadAsync(c => c.Api.V1.Candidates[candidacyId].Stage.PostAsync(new MoveCandidate { Stage = CandidateStage.Offer }));
        await partner.ReadAsync(c => c.Api.V1.Candidates[rejectedId].Rejection.PostAsync(new RejectCandidate { Reason = "Chose another" }));
        await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Candidates.GetAsync());

        var hireId = await HireAsync(recruiter, talentId, partnerId, new Date(2026, 3, 20), vacancyId);
        await recruiter.ReadAsync(c => c.Api.V1.Hires[hireId].GetAsync());
        await recruiter.ReadAsync(c => c.Api.V1.Hires[hireId].AccompanyingPartnerEmployment.PostAsync(
            new RecordAccompanyingPartnerEmployment { EmployedOn = new Date(2026, 5, 1), EmployerPartnerId = partnerId, Occupation = "Nurse" }));
        await recruiter.ReadAsync(c => c.Api.V1.Hires[hireId].End.PostAsync(
            new EndEmployment { EndedOn = new Date(2026, 10, 31), LeftRegion = true, Reason = "Moved abroad" }));
        var cancelledId = await HireAsync(recruiter, secondTalentId, partnerId, new Date(2026, 4, 2));
        await recruiter.ReadAsync(c => c.Api.V1.Hires[cancelledId].Cancellation.PostAsync(
            new CancelHire { CancelledOn = new Date(2026, 4, 30), Reason = "Did not start" }));
        await partner.ReadAsync(c => c.Api.V1.Vacancies[vacancyId].Close.PostAsync(new CloseVacancy { Reason = VacancyClosure.Filled }));

        var history = await admin.ReadAsync(c => c.Api.V1.Audit.Streams[hireId].GetAsync());
        history.Count.ShouldBe(3);
    }

    private static VacancyDetailsInput VacancyDetails(string municipalityNumber, int positions) => new()
    {
        Title = "Battery cell engineer",
        Description = "Scale up cell production.",
        CompetenceArea = "Battery engineering",
        MunicipalityNumber = municipalityNumber,
        Positions = positions,
        Deadline = new Date(2027, 1, 31),
        LanguageRequirements = ["en"],
        MinimumEducationLevel = EducationLevel.Bachelor,
        MinimumYearsOfExperience = 3,
    };
}
