using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentPool.Common;

/// <summary>
/// The days the platform deals in: from 2000-01-01 (the default price lists' start) to 2099-12-31. A date
/// outside, such as 9999-12-01 or 0001-01-01, is a typo or a missing value; refused when read, it never
/// reaches a decision, an index or a statement (9999-12 once failed with a 500; 0001-01 once closed a month
/// nothing could follow).
/// </summary>
public static class BusinessDates
{
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2099, 12, 31);

    public static bool Contains(DateOnly day) => day >= Earliest && day <= Latest;

    public static string Describe => $"a date written yyyy-MM-dd from {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}";
}

/// <summary>Reads a request's dates strictly (yyyy-MM-dd, inside <see cref="BusinessDates"/>); writes them as ISO dates.</summary>
public sealed class BusinessDateJsonConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && BusinessDates.Contains(day)
            ? day
            : throw new JsonException(); // the serializer adds the path; InvalidInput says what to send

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
