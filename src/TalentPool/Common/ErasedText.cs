namespace TalentPool.Common;

/// <summary>What stands in for free text that members wrote about a talent once the talent is erased.</summary>
public static class ErasedText
{
    public const string Value = "(erased)";
}
