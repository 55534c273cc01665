using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;
using TalentPool.Common;
using TalentPool.Auth;

namespace TalentPool.Talents;

/// <summary>Replace the talent's details. <c>ExpectedVersion</c> is the version last read: a stale one is refused with 409.</summary>
/// <remarks>The whole profile is replaced: an optional field left out is cleared.</remarks>
public sealed record UpdateTalentProfile(
    int ExpectedVersion,
    string FullName,
    string Email,
    string CountryOfResidence,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> CompetenceAreas,
    EducationLevel EducationLevel,
    int YearsOfExperience,
    IReadOnlyList<string> PreferredMunicipalities,
    HeardAboutUsChannel HeardAboutUsVia,
    string? Phone = null,
    string? MunicipalityOfResidence = null,
    AccompanyingPartner? AccompanyingPartner = null,
    string? HeardAboutUsDetails = null,
    string? About = null,
    bool? WillingToRelocate = null) : ITalentDetails;

public sealed class UpdateTalentProfileValidator : AbstractValidator<UpdateTalentProfile>
{
    public UpdateTalentProfileValidator()
    {
        RuleFor(x => x.ExpectedVersion).GreaterThan(0);
        Include(new TalentDetailsValidator());
    }
}

public static class UpdateTalentProfileEndpoint
{
    public static ProblemDetails Validate(UpdateTalentProfile command, Talent talent) =>
        ExpectedVersion.Check(command.ExpectedVersion, talent.Version);

    [EndpointSummary("Update a talent's profile")]
    [EndpointDescription("Update a talent's profile: the talent itself or an admin. 409: The version is stale, or the new e-mail address belongs to another talent.")]
    [WolverinePut("/api/v1/talents/{talentId}/profile", OperationId = "UpdateTalentProfile"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<TalentProfileView>, Events) Put(
        UpdateTalentProfile command,
        [WriteAggregate("talentId")] Talent talent,
        TimeProvider clock) =>
        (new UpdatedReadModel<TalentProfileView>(), [.. TalentDecisions.UpdateProfile(talent, command, clock.GetUtcNow())]);
}
