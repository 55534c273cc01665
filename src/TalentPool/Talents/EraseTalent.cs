using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Talents;

public static class EraseTalentEndpoint
{
    [EndpointSummary("Erase a talent (the talent itself or an admin)")]
    [EndpointDescription("Erase a talent (the talent itself or an admin): a `talent_erased` fact without personal data is recorded, every read model forgets the person, and the personal details inside the talent's stored events are masked in place. Hires, candidacies and billing keep their anonymous facts. Erasing again is harmless: it masks again and answers 204.")]
    [WolverinePost("/api/v1/talents/{talentId}/erasure", OperationId = "EraseTalent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(
        Guid talentId, ClaimsPrincipal user, IDocumentSession session, IDocumentStore store, TimeProvider clock, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamStateAsync(talentId, cancellation);
        if (stream is null || (stream.AggregateType is not null && stream.AggregateType != typeof(Talent))) return Results.Problem(Problems.NotFound($"No talent {talentId}."));

        if (await session.LoadAsync<Talent>(talentId, cancellation) is not null)
        {
            var requestedBy = user.IsAdmin() ? ErasureRequester.Admin : ErasureRequester.Talent;
            session.Events.Append(talentId, new TalentErased(talentId, requestedBy, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellation);
        }

        // After the erasure is committed, so a failure here is mended by erasing again.
        await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(talentId), cancellation);
        return Results.NoContent();
    }
}
