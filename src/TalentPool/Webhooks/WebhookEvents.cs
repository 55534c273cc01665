using TalentPool.Vacancies;

namespace TalentPool.Webhooks;

/// <summary>
/// What a member can subscribe to: each kind is an event in the member's own scope. <c>TalentMatchedSavedSearch</c>: a talent
/// sharing with the member's kind came to match one of its saved searches (SavedSearches/SavedSearchMatches.cs).
/// </summary>
public enum WebhookEventKind { CandidateIntroduced, HireRecorded, HireCancelled, StatementClosed, TalentMatchedSavedSearch }

/// <summary>
/// A member (partner or municipality) registered an endpoint. The secret is stored encrypted (<see cref="WebhookSecrets"/>):
/// the service must be able to sign with it, so it cannot be a hash; it is shown to the member once, in the answer.
/// </summary>
public sealed record WebhookRegistered(
    Guid WebhookId,
    EmployerKind MemberKind,
    Guid MemberId,
    string Url,
    IReadOnlyList<WebhookEventKind> EventKinds,
    string EncryptedSecret,
    DateTimeOffset RegisteredAt);

/// <summary>A new secret signs from now on; the previous one also signs (a second signature) until <c>PreviousValidUntil</c>.</summary>
public sealed record WebhookSecretRotated(Guid WebhookId, Guid MemberId, string EncryptedSecret, DateTimeOffset RotatedAt, DateTimeOffset PreviousValidUntil);

/// <summary>Deliveries are kept, not sent, until the subscription is resumed.</summary>
public sealed record WebhookPaused(Guid WebhookId, Guid MemberId, DateTimeOffset PausedAt);

public sealed record WebhookResumed(Guid WebhookId, Guid MemberId, DateTimeOffset ResumedAt);

/// <summary>Nothing more is sent, queued deliveries included.</summary>
public sealed record WebhookDeleted(Guid WebhookId, Guid MemberId, DateTimeOffset DeletedAt);
