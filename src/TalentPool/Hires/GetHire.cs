using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Hires;

public static class GetHireEndpoint
{
    [EndpointSummary("Read a hire (recruiter, admin)")]
    [WolverineGet("/api/v1/hires/{hireId}", OperationId = "GetHire"), Tags("Hires"), Authorize(Roles = $"{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<HireDetails>(StatusCodes.Status200OK)]
    public static Task<HireDetails?> Get(Guid hireId, IQuerySession session, CancellationToken cancellation) =>
        HireDetails.ReadAsync(hireId, session, cancellation);
}
