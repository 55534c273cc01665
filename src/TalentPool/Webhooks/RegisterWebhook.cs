using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Vacancies;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Webhooks;

/// <summary>
/// Register an endpoint of the caller's own systems for these kinds of events. A partner or municipality registers for itself;
/// an admin names the member (<c>memberKind</c>, <c>memberId</c>), which others leave out.
/// </summary>
public sealed record RegisterWebhook(string Url, IReadOnlyList<WebhookEventKind> EventKinds, EmployerKind? MemberKind = null, Guid? MemberId = null);

public sealed class RegisterWebhookValidator : AbstractValidator<RegisterWebhook>
{
    public RegisterWebhookValidator(WebhookOptions options)
    {
        RuleFor(x => x.Url).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(InputLimits.Url)
            .Must(url => WebhookTargets.Refusal(url, options.AllowLoopbackTargets) is null)
            .WithMessage(x => WebhookTargets.Refusal(x.Url, options.AllowLoopbackTargets));
        RuleFor(x => x.EventKinds).NotEmpty().MaximumItems(InputLimits.WebhookEventKinds);
        RuleFor(x => x.MemberId).NotNull().When(x => x.MemberKind is not null).WithMessage("Name the member's id with its kind.");
    }
}

/// <summary>The 201's body: where the webhook is read, and its secret — shown this once.</summary>
public sealed record WebhookCreated(Guid Id, string Url, string Secret) : CreationResponse(Url);

/// <summary>The caller as a member, and how many webhooks it has.</summary>
public sealed record WebhookMember(EmployerKind Kind, Guid Id, int Subscriptions);

public static class RegisterWebhookEndpoint
{
    public static async Task<WebhookMember?> LoadAsync(RegisterWebhook command, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var (kind, id) = user.Member() ?? (command.MemberKind ?? EmployerKind.Partner, command.MemberId ?? Guid.Empty);
        var exists = kind == EmployerKind.Partner
            ? await session.LoadAsync<Partner>(id, cancellation) is not null
            : await session.LoadAsync<Municipality>(id, cancellation) is not null;
        if (!exists) return null;
        var subscriptions = await session.Query<WebhookSubscription>().CountAsync(s => s.MemberId == id && s.Status != WebhookStatus.Deleted, cancellation);
        return new WebhookMember(kind, id, subscriptions);
    }

    public static ProblemDetails Validate(WebhookMember? member) =>
        member is null ? Problems.NotFound("No such member: the token's partner or municipality does not exist.") : WolverineContinue.NoProblems;

    [EndpointSummary("Register a webhook of the calling member (partner or municipality; an admin names the member)")]
    [EndpointDescription("Register a webhook of the calling member (partner or municipality; an admin names the member): an https URL and the kinds of events wanted. Each event of the member's own scope is POSTed there as JSON, signed as the Standard Webhooks specification says (README). The answer holds the signing secret (`whsec_…`): it is shown this once. 404: the member does not exist. 409: the member has 10 webhooks already.")]
    [WolverinePost("/api/v1/webhooks", OperationId = "RegisterWebhook"), Tags("Webhooks")]
    [Authorize(Roles = WebhookAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (WebhookCreated, IStartStream) Post(RegisterWebhook command, WebhookMember member, WebhookSecrets secrets, TimeProvider clock)
    {
        var (secret, encrypted) = secrets.Create();
        var registered = WebhookDecisions.Register(command, member.Kind, member.Id, member.Subscriptions, encrypted, clock.GetUtcNow());
        return (new WebhookCreated(registered.WebhookId, $"/api/v1/webhooks/{registered.WebhookId}", secret),
            MartenOps.StartStream<WebhookSubscription>(registered.WebhookId, registered));
    }
}
