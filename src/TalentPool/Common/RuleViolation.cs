namespace TalentPool.Common;

/// <summary>
/// A business rule refused a command. Decisions throw it; the host answers 409 with its message,
/// and since nothing was saved, the command appended no events.
/// </summary>
public sealed class RuleViolation(string message) : Exception(message);
