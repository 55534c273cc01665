using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentPool.Common;

/// <summary>A calendar month, written "2026-03" on the wire and in routes.</summary>
[JsonConverter(typeof(BillingMonthJsonConverter))]
public readonly record struct BillingMonth(int Year, int Month) : IComparable<BillingMonth>
{
    /// <summary>How a month is written: yyyy-MM (the years are bounded further by <see cref="BusinessDates"/>).</summary>
    public const string Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$";

    /// <summary>For a route or query parameter's <c>RegularExpression</c>: what a client is told when it wrote no month.</summary>
    public const string PatternMessage = "'{0}' is a month written yyyy-MM, such as 2026-03.";

    public DateOnly FirstDay => new(Year, Month, 1);
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);
    public int Days => DateTime.DaysInMonth(Year, Month);
    public BillingMonth Next => Of(FirstDay.AddMonths(1));
    public BillingMonth Previous => Of(FirstDay.AddMonths(-1));

    public static BillingMonth Of(DateOnly day) => new(day.Year, day.Month);

    public IEnumerable<DateOnly> Dates() => Enumerable.Range(0, Days).Select(FirstDay.AddDays);

    public bool Contains(DateOnly day) => day.Year == Year && day.Month == Month;

    public static bool TryParse(string? text, out BillingMonth month)
    {
        month = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !BusinessDates.Contains(first)) return false;
        month = Of(first);
        return true;
    }

    /// <summary>What to tell a client whose text is not a month (routes and query strings).</summary>
    // The value is quoted back only when short: a long one would make the error as large as the input.
    public static string NotAMonth(string text) =>
        $"{(text.Length <= 20 ? $"'{text}'" : "The value")} is not a month: write it yyyy-MM, from {BusinessDates.Earliest:yyyy-MM} to {BusinessDates.Latest:yyyy-MM}, such as 2026-03.";

    public int CompareTo(BillingMonth other) => FirstDay.CompareTo(other.FirstDay);
    public static bool operator <(BillingMonth a, BillingMonth b) => a.CompareTo(b) < 0;
    public static bool operator >(BillingMonth a, BillingMonth b) => a.CompareTo(b) > 0;
    public static bool operator <=(BillingMonth a, BillingMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >=(BillingMonth a, BillingMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}

public sealed class BillingMonthJsonConverter : JsonConverter<BillingMonth>
{
    public override BillingMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        BillingMonth.TryParse(reader.GetString(), out var month) ? month : throw new JsonException("A month is written yyyy-MM, such as 2026-03.");

    public override void Write(Utf8JsonWriter writer, BillingMonth value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
