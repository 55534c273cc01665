using TalentPool.Vacancies;

namespace TalentPool.Webhooks;

public enum WebhookStatus { Active, Paused, Deleted }

/// <summary>
/// A member's webhook endpoint, built only from its events (an inline snapshot): what the decisions, the dispatch and the
/// delivery read. Not an answer of the API: readers get <see cref="WebhookDetails"/>, which never holds a secret.
/// </summary>
public sealed record WebhookSubscription(
    Guid Id,
    EmployerKind MemberKind,
    Guid MemberId,
    string Url,
    IReadOnlyList<WebhookEventKind> EventKinds,
    string EncryptedSecret,
    string? PreviousEncryptedSecret,
    DateTimeOffset? PreviousValidUntil,
    WebhookStatus Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? SecretRotatedAt)
{
    public int Version { get; init; }

    public bool Wants(WebhookEventKind kind) => Status != WebhookStatus.Deleted && EventKinds.Contains(kind);

    public static WebhookSubscription Create(WebhookRegistered registered) => new(
        registered.WebhookId, registered.MemberKind, registered.MemberId, registered.Url, registered.EventKinds,
        registered.EncryptedSecret, null, null, WebhookStatus.Active, registered.RegisteredAt, null);

    public WebhookSubscription Apply(WebhookSecretRotated rotated) => this with
    {
        PreviousEncryptedSecret = EncryptedSecret,
        PreviousValidUntil = rotated.PreviousValidUntil,
        EncryptedSecret = rotated.EncryptedSecret,
        SecretRotatedAt = rotated.RotatedAt,
    };

    public WebhookSubscription Apply(WebhookPaused paused) => this with { Status = WebhookStatus.Paused };

    public WebhookSubscription Apply(WebhookResumed resumed) => this with { Status = WebhookStatus.Active };

    public WebhookSubscription Apply(WebhookDeleted deleted) => this with { Status = WebhookStatus.Deleted };
}
