using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Talents;

/// <summary>A talent registers interest in the region. Each consent is given or not at registration.</summary>
public sealed record RegisterTalent(
    string FullName,
    string Email,
    string? Phone,
    string CountryOfResidence,
    string? MunicipalityOfResidence,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> CompetenceAreas,
    EducationLevel EducationLevel,
    int YearsOfExperience,
    IReadOnlyList<string> PreferredMunicipalities,
    AccompanyingPartner? AccompanyingPartner,
    HeardAboutUsChannel HeardAboutUsVia,
    string? HeardAboutUsDetails,
    string? About,
    bool ShareWithPartners,
    bool ShareWithMunicipalities) : ITalentDetails;

public sealed class RegisterTalentValidator : AbstractValidator<RegisterTalent>
{
    public RegisterTalentValidator() => Include(new TalentDetailsValidator());
}

public static class RegisterTalentEndpoint
{
    /// <summary>Register a talent. Open to anyone: registering is how a talent enters the platform.</summary>
    /// <response code="201">Registered; <c>Location</c> names the talent.</response>
    /// <response code="409">A talent with this e-mail address is already registered.</response>
    [WolverinePost("/api/talents", OperationId = "RegisterTalent"), AllowAnonymous, Tags("Talents")]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(RegisterTalent command, TimeProvider clock)
    {
        var registered = TalentDecisions.Register(command, Guid.CreateVersion7(), clock.GetUtcNow());
        return (
            new CreatedResponse(registered.TalentId, $"/api/talents/{registered.TalentId}"),
            MartenOps.StartStream<Talent>(registered.TalentId, registered));
    }
}
