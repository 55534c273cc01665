using FluentValidation;
using TalentPool.Common;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

/// <summary>A county with its country and every one of its municipalities: the county rate needs all of them to take part.</summary>
public sealed record RegisterCounty(string Name, string Country, IReadOnlyList<string> MunicipalityNumbers);

public sealed class RegisterCountyValidator : AbstractValidator<RegisterCounty>
{
    public RegisterCountyValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.Country).CountryCode();
        RuleFor(x => x.MunicipalityNumbers).NotEmpty().WithMessage("Name every municipality number of the county.")
            .MunicipalityNumberList()
            .DependentRules(() => RuleForEach(x => x.MunicipalityNumbers).MunicipalityNumber());
    }
}

public static class RegisterCountyEndpoint
{
    [EndpointSummary("Register a county with its country and all its municipalities (admin)")]
    [WolverinePost("/api/v1/counties", OperationId = "RegisterCounty"), Tags("Regions"), Authorize(Roles = Roles.Admin), NotTenanted]
    public static (CreatedResponse, IStartStream) Post(RegisterCounty command)
    {
        var registered = CountyDecisions.Register(Guid.CreateVersion7(), command);
        return (new CreatedResponse(registered.CountyId, $"/api/v1/counties/{registered.CountyId}"),
            MartenOps.StartStream<County>(registered.CountyId, registered));
    }
}
