using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Candidates;

public static class GetCandidateEndpoint
{
    [EndpointSummary("Read a candidate")]
    [EndpointDescription("Read a candidate: the vacancy's employer, recruiters, admins. To anyone else it does not exist.")]
    [WolverineGet("/api/v1/candidates/{candidacyId}", OperationId = "GetCandidate"), Tags("Candidates")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesResponseType<CandidateDetails>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid candidacyId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var candidacy = await CandidateDetails.ReadAsync(candidacyId, session, cancellation);
        return candidacy is not null && CandidateAccess.MaySee(candidacy.EmployerId, user)
            ? Results.Ok(candidacy)
            : Results.Problem(Problems.NotFound($"No candidate {candidacyId}."));
    }
}
