using FluentValidation;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Talents;

/// <summary>
/// A talent registers interest in a region, named by the <c>Region-Id</c> header (Hosting/RegionTenancy.cs). Each consent is given or not at registration.
/// Optional fields (those with a default) may be left out; every other one is required.</summary>
public sealed record RegisterTalent(
    string FullName,
    string Email,
    string CountryOfResidence,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> CompetenceAreas,
    EducationLevel EducationLevel,
    int YearsOfExperience,
    IReadOnlyList<string> PreferredMunicipalities,
    HeardAboutUsChannel HeardAboutUsVia,
    bool ShareWithPartners,
    bool ShareWithMunicipalities,
    string? Phone = null,
    string? MunicipalityOfResidence = null,
    AccompanyingPartner? AccompanyingPartner = null,
    string? HeardAboutUsDetails = null,
    string? About = null,
    bool? WillingToRelocate = null) : ITalentDetails;

public sealed class RegisterTalentValidator : AbstractValidator<RegisterTalent>
{
    public RegisterTalentValidator() => Include(new TalentDetailsValidator());
}

/// <summary>
/// A new talent's id and its own bearer token (role <c>talent</c>): with it the talent reads and updates
/// the profile, manages consent and asks for erasure; renew it before it expires.
/// </summary>
public sealed record TalentRegisteredResponse(Guid Id, string Url, string AccessToken, DateTimeOffset AccessTokenExpiresAt) : CreationResponse(Url);

public static class RegisterTalentEndpoint
{
    /// <summary>The region the talent registers in must exist: a tenant is not made by naming it.</summary>
    public static async Task<ProblemDetails> ValidateAsync(TenantId region, IQuerySession session, KnownRegions regions, CancellationToken cancellation) =>
        await regions.ExistsAsync(RegionTenancy.RegionOf(region), session, cancellation)
            ? WolverineContinue.NoProblems
            : Problems.NotFound($"No region {region.Value}.");

    [EndpointSummary("Register a talent")]
    [EndpointDescription("Register a talent in the region the `Region-Id` header names (400 without it). 404 if that region does not exist. Open to anyone, without an account — registering is how a talent enters the platform — and rate-limited per client address (429 with Retry-After). Send an `Idempotency-Key` (a random value, kept secret like a password) so that a registration whose answer was lost can be sent again and answered with the first answer, token included. 201: Registered; `Location` names the talent, `accessToken` is the talent's own token. 409: A talent with this e-mail address is already registered. 422: The idempotency key was used before with another request. 429: Too many registrations from this address; retry after the seconds in Retry-After.")]
    [WolverinePost("/api/v1/talents", OperationId = "RegisterTalent"), AllowAnonymous, Tags("Talents")]
    [EnableRateLimiting(RateLimits.Registration)]
    // Anonymous callers have no identity to scope a key by: the key itself is the secret, so it must be random.
    [DeduplicatedWithResponse(DeduplicationScope.Endpoint, Required = false, ClaimInTransaction = true)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict), ProducesProblem(StatusCodes.Status422UnprocessableEntity), ProducesProblem(StatusCodes.Status429TooManyRequests)]
    public static (TalentRegisteredResponse, IStartStream) Post(RegisterTalent command, TimeProvider clock, TokenIssuer tokens, TenantId region)
    {
        var registered = TalentDecisions.Register(command, Guid.CreateVersion7(), clock.GetUtcNow());
        var access = tokens.IssueForTalent(RegionTenancy.RegionOf(region), registered.TalentId);
        return (
            new TalentRegisteredResponse(registered.TalentId, $"/api/v1/talents/{registered.TalentId}", access.Token, access.ExpiresAt),
            MartenOps.StartStream<Talent>(registered.TalentId, registered));
    }
}

public static class RenewTalentTokenEndpoint
{
    [EndpointSummary("A fresh token for the talent")]
    [EndpointDescription("A fresh token for the talent: the talent itself (with a token still valid) or an admin.")]
    [WolverinePost("/api/v1/talents/{talentId}/access-token", OperationId = "RenewTalentToken"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesResponseType<TalentAccessToken>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(Guid talentId, IQuerySession session, TokenIssuer tokens, CancellationToken cancellation)
    {
        if (await session.LoadAsync<Talent>(talentId, cancellation) is null) return Results.Problem(Problems.NotFound($"No talent {talentId}."));
        var access = tokens.IssueForTalent(RegionTenancy.RegionOf(session), talentId);
        return Results.Ok(new TalentAccessToken(access.Token, access.ExpiresAt));
    }
}

public sealed record TalentAccessToken(string AccessToken, DateTimeOffset ExpiresAt);
