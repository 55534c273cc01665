using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Talents;

public static class EraseTalentEndpoint
{
    [EndpointSummary("Erase a talent (the talent itself or an admin)")]
    [EndpointDescription("Erase a talent (the talent itself or an admin): a `talent_erased` fact without personal data is recorded, every read model forgets the person, and the personal details inside the talent's stored events are masked in place, and so is the free text members wrote about the talent in the talent's candidacies and hires (rejection, cancellation and ending reasons, the accompanying partner's occupation). Hires, candidacies and billing keep their anonymous facts. Erasing again is harmless: it masks again and answers 204.")]
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
        var candidacies = await session.Query<Candidacy>().Where(c => c.TalentId == talentId).Select(c => c.Id).ToListAsync(cancellation);
        var hires = await session.Query<Hire>().Where(h => h.TalentId == talentId).Select(h => h.Id).ToListAsync(cancellation);
        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            masking.IncludeStream(talentId);
            foreach (var stream in candidacies.Concat(hires)) masking.IncludeStream(stream);
        }, cancellation);
        await ForgetRejectionReasonsAsync(candidacies, session, clock, cancellation);
        return Results.NoContent();
    }

    /// <summary>
    /// The candidate read model copied the rejection reason: a fact in each candidacy that still shows one makes its
    /// projection forget it, so the live documents change now and a rebuild (over the masked events) gives the same.
    /// </summary>
    private static async Task ForgetRejectionReasonsAsync(
        IReadOnlyList<Guid> candidacies, IDocumentSession session, TimeProvider clock, CancellationToken cancellation)
    {
        if (candidacies.Count == 0) return;
        var shown = (await session.LoadManyAsync<CandidateDetails>(cancellation, candidacies))
            .Where(c => c.RejectionReason is not null and not ErasedText.Value);
        foreach (var candidate in shown)
        {
            session.Events.Append(candidate.Id, new CandidacyTextErased(candidate.Id, candidate.EmployerKind, candidate.EmployerId, clock.GetUtcNow()));
        }
        await session.SaveChangesAsync(cancellation);
    }
}
